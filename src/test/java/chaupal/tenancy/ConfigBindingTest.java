package chaupal.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new section of {@code project-config/} is a few record declarations: binding alone names the file,
 * the field path and the problem for every mistake of shape, however deep. The records here stand for
 * such a section (complaint categories with sub-types).
 */
class ConfigBindingTest {

  record CategoriesFile(List<Category> categories) {}

  record Category(String id, LocalizedText name, int slaHours, @OptionalField List<SubType> subTypes) {}

  record SubType(String id, LocalizedText name, Tenant.AreaKind area, @OptionalField Integer slaHours) {}

  static final String GOOD =
      """
      categories = [
        { id = water, name { en = "Water", pa = "ਪਾਣੀ" }, sla_hours = 48
          sub_types = [ { id = no-supply, sla_hours = null, name { en = "No supply", pa = "ਸਪਲਾਈ ਨਹੀਂ" }, area = nagar-panchayat } ] }
        { id = roads, name { en = "Roads", pa = "ਸੜਕਾਂ" }, sla_hours = 72 }
      ]
      """;

  static final ConfigBinding.Languages LANGUAGES =
      new ConfigBinding.Languages(Set.of("en", "hi", "pa"), Map.of("pa", "the tenant's channels offer pa"));

  @TempDir Path temp;

  @Test
  void aSectionBindsToItsRecordsWithOptionalFieldsLeftOutOrNull() throws IOException {
    CategoriesFile file = bind(GOOD);
    Category water = file.categories().get(0);
    assertEquals(48, water.slaHours());
    assertEquals("ਸਪਲਾਈ ਨਹੀਂ", water.subTypes().get(0).name().in("pa"));
    assertEquals(Tenant.AreaKind.NAGAR_PANCHAYAT, water.subTypes().get(0).area());
    assertNull(water.subTypes().get(0).slaHours());
    assertEquals(List.of(), file.categories().get(1).subTypes());
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sla_hours = 72 | sla_hours = \"72\" | categories[1].sla_hours: must be a number, not a string",
        "sla_hours = 72 |                    | categories[1].sla_hours: missing",
        "id = roads     | id = null          | categories[1].id: must be a string, not null",
        "area = nagar-panchayat | area = nagar-panchayat, sla_hour = 4 | categories[0].sub_types[0].sla_hour: unknown field (expected area, id, name, sla_hours)",
        "area = nagar-panchayat | area = village | categories[0].sub_types[0].area: \"village\" is not one of municipal-corporation, municipal-council, nagar-panchayat, block",
        "area = nagar-panchayat | area = nagar-panchayat, sla_hours = 2.5 | categories[0].sub_types[0].sla_hours: must be a whole number, not 2.5",
        "{ en = \"No supply\", pa = \"ਸਪਲਾਈ ਨਹੀਂ\" } | { en = \"No supply\" } | categories[0].sub_types[0].name: missing pa (the tenant's channels offer pa)",
        "{ en = \"Roads\", | { ta = \"Roads\", | categories[1].name.ta: \"ta\" is not a supported language (en, hi, pa)",
        "sub_types = [ { | sub_types = [ 7, { | categories[0].sub_types[0]: must be an object, not a number",
      })
  void aMistakeDeepInASectionIsNamedByItsPath(String good, String bad, String expected) throws IOException {
    String text = GOOD.replace(good, bad == null ? "" : bad);
    DirectoryException e = assertThrows(DirectoryException.class, () -> bind(text));
    assertEquals(temp.resolve("categories.conf") + ": " + expected, e.getMessage());
  }

  private CategoriesFile bind(String text) throws IOException {
    Path file = Files.writeString(temp.resolve("categories.conf"), text);
    return ConfigBinding.bind(file, file.toString(), CategoriesFile.class, LANGUAGES);
  }
}
