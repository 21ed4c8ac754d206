package chaupal.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of mistake in {@code project-config/} stops the load with one line naming the file, the
 * field and the problem. Each case copies {@code tenancy/minimal/} (valid) and lays the files of
 * {@code tenancy/bad/<case>/} over it.
 */
class DirectoryValidationTest {

  @TempDir Path temp;

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("unparsable-channels", "channels.conf: line 4: "),
        Arguments.of("missing-field", "channels.conf: channels[1].name: missing"),
        Arguments.of("wrong-type", "channels.conf: channels[0].messages_per_second: must be a number, not a string"),
        Arguments.of("rate-too-high", "channels.conf: channels[2].messages_per_second: must be between 1 and 1000, not 1001"),
        Arguments.of("rate-zero", "channels.conf: channels[2].messages_per_second: must be between 1 and 1000, not 0"),
        Arguments.of("duplicate-phone-number-id", "channels.conf: channels[2].phone_number_id: \"100000000000001\" is already used by channels[0]"),
        Arguments.of("unquoted-phone-number-id", "channels.conf: channels[0].phone_number_id: must be a string, not a number"),
        Arguments.of("unknown-tenant", "channels.conf: channels[1].tenant: \"gamma\" is not a known tenant (alpha, beta)"),
        Arguments.of("unsupported-language", "channels.conf: channels[2].languages: \"xx\" is not a supported language (en, hi, pa)"),
        Arguments.of("language-twice", "channels.conf: channels[0].languages: \"en\" is listed twice"),
        Arguments.of("misspelt-field", "channels.conf: channels[0].mesages_per_second: unknown field (expected display_number, languages, messages_per_second, name, phone_number_id, templates, tenant, waba_id)"),
        Arguments.of("bad-waba-id", "channels.conf: channels[1].waba_id: \"WABA-2\" is not a WhatsApp Business Account id (digits only, in quotes)"),
        Arguments.of("missing-waba-id", "channels.conf: channels[2].waba_id: missing"),
        // templates, as Meta accepts them
        Arguments.of("template-unknown-language", "channels.conf: channels[0].templates[1].language: \"pa\" is not a language of this channel (en, hi)"),
        Arguments.of("template-bad-name", "channels.conf: channels[0].templates[1].name: \"Chaupal-Case\" is not a template name (lower-case letters, digits, _, at most 512)"),
        Arguments.of("template-bad-language-code", "channels.conf: channels[0].templates[1].language_code: \"hi-IN\" is not a template language code (en, en_US, hi, pa)"),
        Arguments.of("template-no-parameters", "channels.conf: channels[0].templates[1].parameters: must not be empty"),
        Arguments.of("template-bad-parameter", "channels.conf: channels[0].templates[1].parameters[1]: \"Status\" is not a parameter name (lower case and _: case_number)"),
        Arguments.of("template-consent-update-unknown-parameter", "channels.conf: channels[0].templates[1].parameters[1]: \"case_number\" is not a parameter a consent-update template can be given (change, service)"),
        Arguments.of("template-twice", "channels.conf: channels[0].templates[1]: \"case-update\" in \"en\" is listed twice"),
        Arguments.of("template-unknown-key", "channels.conf: channels[0].templates[1].category: unknown field (expected language, language_code, name, parameters, purpose)"),
        Arguments.of("catalog-missing-key", "catalogs/hi.conf: menu.title: missing (en has it, and every catalog needs every key)"),
        Arguments.of("catalog-extra-key", "catalogs/hi.conf: farewell: not in the en catalog (every key must be in en)"),
        Arguments.of("catalog-unclosed-placeholder", "catalogs/hi.conf: greeting: \"{\" at character 1 is not closed"),
        Arguments.of("catalog-wrong-placeholder", "catalogs/hi.conf: greeting: uses {tenent}, which en does not (en has {tenant})"),
        Arguments.of("catalog-lacks-placeholder", "catalogs/hi.conf: menu.body: lacks {name}, which en uses"),
        Arguments.of("catalog-words-not-list", "catalogs/hi.conf: words: must be a list of words, as in en"),
        Arguments.of("catalog-number", "catalogs/hi.conf: words: must be a text or a list of words, not a number"),
        Arguments.of("catalog-unparsable", "catalogs/pa.conf: line 1: "),
        Arguments.of("tenant-id-mismatch", "tenants/alpha.conf: id: \"alfa\" must match the file name \"alpha\""),
        Arguments.of("tenant-name-missing-language", "tenants/alpha.conf: name: missing hi (channel 100000000000001 offers hi)"),
        Arguments.of("tenant-name-unsupported-language", "tenants/alpha.conf: name.ta: \"ta\" is not a supported language (en, hi, pa)"),
        Arguments.of("tenant-bad-kind", "tenants/alpha.conf: kind: \"village\" is not one of state, district, city"),
        Arguments.of("tenant-unknown-parent", "tenants/beta.conf: parent: \"gamma\" is not a known tenant (alpha, beta)"),
        Arguments.of("tenant-parent-cycle", "tenants/alpha.conf: parent: the parents of \"alpha\" form a cycle"),
        Arguments.of("tenant-duplicate-department", "tenants/alpha.conf: departments[1].id: \"water\" is listed twice"),
        Arguments.of("tenant-bad-email", "tenants/beta.conf: privacy.email: \"privacy at example\" is not an email address"),
        Arguments.of("tenant-retention-range", "tenants/beta.conf: privacy.retention_months: must be between 1 and 120, not 0"),
        Arguments.of("tenant-no-departments", "tenants/beta.conf: departments: must not be empty"),
        Arguments.of("tenant-bad-area-kind", "tenants/beta.conf: areas[0].kind: \"village\" is not one of municipal-corporation, municipal-council, nagar-panchayat, block"),
        Arguments.of("tenant-unparsable", "tenants/beta.conf: line 2: "),
        Arguments.of("override-unknown-tenant", "catalogs/overrides/gamma: tenant: \"gamma\" is not a known tenant (alpha, beta)"),
        Arguments.of("override-unknown-key", "catalogs/overrides/alpha/en.conf: greting: not in the en catalog (every key must be in en)"),
        Arguments.of("override-unknown-placeholder", "catalogs/overrides/alpha/hi.conf: greeting: uses {city}, which en does not (en has {tenant})"),
        Arguments.of("override-word-list", "catalogs/overrides/alpha/en.conf: words: word lists are understood on every number and cannot be overridden per tenant"),
        Arguments.of("override-unknown-language", "catalogs/overrides/alpha/ta.conf: there is no catalogs/ta.conf to override (en, hi, pa)"),
        // the shape of a file, checked by binding it to its records: nested sections and list items too
        Arguments.of("tenant-unknown-nested-key", "tenants/alpha.conf: helpline.fax: unknown field (expected email, hours, phone)"),
        Arguments.of("tenant-area-unknown-key", "tenants/beta.conf: areas[0].grade: unknown field (expected id, kind, name)"),
        Arguments.of("language-not-text", "channels.conf: channels[0].languages[1]: must be a string, not a number"),
        Arguments.of("language-null", "channels.conf: channels[0].languages[1]: must be a string, not null"),
        Arguments.of("tenant-retention-missing", "tenants/beta.conf: privacy.retention_months: missing"),
        Arguments.of("tenant-department-missing-name", "tenants/alpha.conf: departments[1].name: missing"),
        Arguments.of("tenant-retention-fraction", "tenants/beta.conf: privacy.retention_months: must be a whole number, not 1.5"),
        Arguments.of("tenant-retention-quoted", "tenants/beta.conf: privacy.retention_months: must be a number, not a string"),
        Arguments.of("tenant-name-empty", "tenants/alpha.conf: name.en: must not be empty"),
        Arguments.of("tenant-kind-number", "tenants/alpha.conf: kind: must be a string, not a number"),
        Arguments.of("tenant-area-not-object", "tenants/beta.conf: areas[0]: must be an object, not a string"),
        Arguments.of("tenant-name-not-object", "tenants/alpha.conf: name: must be an object, not a string"),
        // ULBs, categories, escalation and officials
        Arguments.of("ulb-bad-code", "tenants/alpha.conf: ulbs[0].code: \"alpha-town\" is not a ULB code (state code, a dot, lower-case letters: pb.jalandhar)"),
        Arguments.of("ulb-duplicate-code", "tenants/alpha.conf: ulbs[1].code: \"al.alphatown\" is listed twice"),
        Arguments.of("ulb-duplicate-case-prefix", "tenants/alpha.conf: ulbs[1].case_prefix: \"ALT\" is already used by al.alphatown.case_prefix"),
        Arguments.of("ulb-latitude-outside-india", "tenants/alpha.conf: ulbs[0].latitude: 51.5 is not a latitude in India (6.0 to 38.0)"),
        Arguments.of("ulb-wards-zero", "tenants/alpha.conf: ulbs[0].wards: must be more than 0, not 0"),
        Arguments.of("ulb-name-without-english", "tenants/alpha.conf: ulbs[0].name: missing en (it stands in for every language without a name)"),
        Arguments.of("ulb-bad-review", "tenants/alpha.conf: ulbs[0].review[0]: \"spelling\" is not one of coordinates, name-hi, name-pa"),
        Arguments.of("category-unknown-department", "tenants/alpha.conf: categories[0].sub_types[0].department: \"parks\" is not a department of this tenant (roads, water)"),
        Arguments.of("category-sla-zero", "tenants/alpha.conf: categories[0].sub_types[0].sla_hours: must be more than 0, not 0"),
        Arguments.of("category-keywords-missing-language", "tenants/alpha.conf: categories[0].keywords: missing hi (channel 100000000000001 offers hi)"),
        Arguments.of("category-keywords-unknown-language", "tenants/alpha.conf: categories[0].keywords.ta: \"ta\" is not a supported language or romanised (en, hi, pa, romanised)"),
        Arguments.of("escalation-unknown-role", "tenants/alpha.conf: escalation: \"commissioner\" is not one of escalation_roles (head, officer)"),
        Arguments.of("official-unknown-post", "tenants/alpha.conf: officials[0].post: \"mayor\" is not one of escalation_roles (head, officer)"),
        Arguments.of("official-unknown-ulb", "tenants/alpha.conf: officials[0].scope.ulbs: \"al.betatown\" is not a ULB or area of this tenant (al.alphatown)"),
        Arguments.of("official-unknown-department", "tenants/alpha.conf: officials[0].scope.departments: \"parks\" is not a department of this tenant (roads, water)"),
        // topics citizens subscribe to
        Arguments.of("topic-duplicate-id", "tenants/alpha.conf: topics[1].id: \"water-schedule\" is listed twice"),
        Arguments.of("topic-name-missing-language", "tenants/alpha.conf: topics[0].name: missing hi (channel 100000000000001 offers hi)"),
        Arguments.of("topic-bad-category", "tenants/alpha.conf: topics[0].category: \"authentication\" is not one of marketing, utility"),
        Arguments.of("official-ward-beyond-count", "tenants/alpha.conf: officials[0].scope.wards: must be between 1 and 10, not 11"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void mistakeIsNamedInOneLine(String mistake, String expected) {
    Path dir = minimalWith("bad/" + mistake);
    String message = loadFailure(dir);
    String prefix = dir + "/";
    assertEquals(prefix, message.substring(0, Math.min(prefix.length(), message.length())), message);
    String rest = message.substring(prefix.length());
    if (expected.endsWith(": ")) {
      assertEquals(expected, rest.substring(0, Math.min(expected.length(), rest.length())), rest);
    } else {
      assertEquals(expected, rest);
    }
    assertFalse(message.contains("\n"), "one line");
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path dir = minimalWith(null);
    Files.delete(dir.resolve("catalogs/en.conf"));
    assertEquals(
        dir + "/catalogs/en.conf: file not found (en is the catalog every other one is checked against)",
        loadFailure(dir));

    Path other = temp.resolve("other");
    copy(resource("minimal"), other.resolve("project-config"));
    Files.delete(other.resolve("project-config/channels.conf"));
    assertEquals(other + "/project-config/channels.conf: file not found", loadFailure(other.resolve("project-config")));
  }

  @Test
  void theMinimalDirectoryIsValid() {
    Directory directory = Directory.load(minimalWith(null));
    assertEquals(3, directory.channels().size());
    assertEquals(1000, directory.channel("100000000000003").orElseThrow().messagesPerSecond());
    assertEquals(80, directory.channel("100000000000001").orElseThrow().messagesPerSecond());
    assertEquals("alpha", directory.tenant("beta").orElseThrow().parent().orElseThrow());
  }

  @Test
  void aTenantMayListUlbsCategoriesEscalationAndOfficials() {
    Directory directory = Directory.load(minimalWith("good-directory"));
    Ulb town = directory.ulb("al.alphatown").orElseThrow();
    assertEquals("अल्फ़ा टाउन", town.name("hi"));
    assertEquals("Alpha Town", town.name("pa"), "no Punjabi name: English stands in");
    assertEquals(96, directory.categories("alpha").get(0).subTypes().get(0).slaHours());
    assertEquals(List.of("officer", "head"), directory.escalation("alpha", "water").stream().map(Tenant.EscalationRole::id).toList());
    assertEquals(List.of(1, 2), directory.officials("alpha").get(0).scope().wards());
    assertEquals(List.of(), directory.ulbs("beta"));
  }

  @Test
  void aChannelMayListItsApprovedTemplates() {
    Directory directory = Directory.load(minimalWith("good-templates"));
    Channel channel = directory.channel("100000000000001").orElseThrow();
    Channel.Template hindi = channel.template("case-update", "hi").orElseThrow();
    assertEquals("chaupal_case_update", hindi.name());
    assertEquals("hi", hindi.languageCode());
    assertEquals(List.of("case_number", "status", "note"), hindi.parameters());
    assertEquals("en_US", channel.template("case-update", "en").orElseThrow().languageCode());
    assertEquals(List.of(), directory.channel("100000000000002").orElseThrow().templates());
  }

  @Test
  void aTenantMayOverrideSomeCatalogTexts() {
    Directory directory = Directory.load(minimalWith("good-override"));
    assertEquals("Welcome to Alpha", directory.catalog("alpha", "en").text("greeting"));
    assertEquals("Menu", directory.catalog("alpha", "en").text("menu.title"));
    assertEquals("मुख्य मेनू", directory.catalog("alpha", "hi").text("menu.title"));
    assertEquals("Hello from {tenant}", directory.catalog("beta", "en").text("greeting", Map.of("tenant", "{tenant}")));
    assertEquals("Hello from Beta", directory.catalog("en").text("greeting", Map.of("tenant", "Beta")));
  }

  private Path minimalWith(String overlay) {
    Path dir = temp.resolve("project-config");
    copy(resource("minimal"), dir);
    if (overlay != null) copy(resource(overlay), dir);
    return dir;
  }

  private static String loadFailure(Path dir) {
    return assertThrows(DirectoryException.class, () -> Directory.load(dir)).getMessage();
  }

  private static Path resource(String name) {
    try {
      return Path.of(DirectoryValidationTest.class.getResource("/tenancy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
