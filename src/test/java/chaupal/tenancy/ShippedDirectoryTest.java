package chaupal.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The directory shipped in {@code project-config/} loads and holds what scripts and the demo rely on. */
class ShippedDirectoryTest {

  static final Directory DIRECTORY = Directory.load(Path.of(Directory.DEFAULT_CONFIG_DIR));

  @Test
  void shipsExactlyTheFiveChannels() {
    List<Channel> expected =
        List.of(
            new Channel("100000000000001", "918750975975", "Punjab mSewa (state-wide, all ULBs)", "punjab", List.of("en", "hi", "pa"), 80),
            new Channel("100000000000002", "919343300800", "Gariaband district Samvad 24x7", "gariaband", List.of("hi", "en"), 80),
            new Channel("100000000000003", "910000000003", "Jhabua district public services", "jhabua", List.of("hi", "en"), 80),
            new Channel("100000000000004", "918982600918", "Sagar municipal corporation MP15", "sagar", List.of("hi", "en"), 80),
            new Channel("100000000000005", "910000000005", "Delhi government services", "delhi", List.of("en", "hi"), 80));
    assertEquals(expected, DIRECTORY.channels());
    for (Channel channel : expected) {
      assertEquals(channel, DIRECTORY.channel(channel.phoneNumberId()).orElseThrow());
    }
    assertTrue(DIRECTORY.channel("100000000000009").isEmpty());
  }

  @Test
  void everyChannelHasItsTenantSpeakingItsLanguages() {
    for (Channel channel : DIRECTORY.channels()) {
      Tenant tenant = DIRECTORY.tenantOf(channel);
      for (String language : channel.languages()) {
        assertTrue(tenant.name().has(language), tenant.id() + " name in " + language);
        assertTrue(tenant.helpline().hours().has(language));
        assertTrue(tenant.privacy().office().has(language));
        for (Tenant.Department department : tenant.departments()) assertTrue(department.name().has(language));
        for (Tenant.Area area : tenant.areas()) assertTrue(area.name().has(language));
      }
      assertFalse(tenant.departments().isEmpty());
      assertTrue(tenant.privacy().email().endsWith("@example.gov.in"), "contacts are example placeholders");
      assertTrue(tenant.helpline().email().endsWith("@example.gov.in"));
    }
  }

  @Test
  void punjabListsItsPilotUrbanLocalBodies() {
    Tenant punjab = DIRECTORY.tenant("punjab").orElseThrow();
    assertEquals(Tenant.Kind.STATE, punjab.kind());
    assertEquals(
        List.of("phagwara", "jalandhar", "amritsar", "hoshiarpur", "zirakpur"),
        punjab.areas().stream().map(Tenant.Area::id).toList());
    assertTrue(punjab.areas().stream().allMatch(a -> a.kind().isUrbanLocalBody()));
    assertEquals("ਜਲੰਧਰ", punjab.areas().get(1).name().in("pa"));
    assertEquals(Tenant.Kind.DISTRICT, DIRECTORY.tenant("gariaband").orElseThrow().kind());
    assertEquals(Tenant.Kind.CITY, DIRECTORY.tenant("sagar").orElseThrow().kind());
  }

  @Test
  void catalogsCoverEveryLanguageWithTheSameKeys() {
    assertEquals(Set.of("en", "hi", "pa"), DIRECTORY.languages());
    Set<String> keys = DIRECTORY.catalog("en").keys();
    for (String language : DIRECTORY.languages()) {
      Catalog catalog = DIRECTORY.catalog(language);
      assertEquals(keys, catalog.keys(), language);
      for (String key : keys) {
        if (catalog.hasText(key)) assertEquals(DIRECTORY.catalog("en").placeholders(key), catalog.placeholders(key), key);
      }
    }
    assertEquals("हिंदी", DIRECTORY.catalog("hi").text("language.name"));
    assertEquals("ਪੰਜਾਬੀ", DIRECTORY.catalog("pa").text("language.name"));
  }

  @Test
  void catalogFillsPlaceholdersOnceAndRefusesMissingOnes() {
    Catalog en = DIRECTORY.catalog("en");
    assertEquals("• {tenant}", en.text("areas.item", Map.of("name", "{tenant}")), "values are not expanded again");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> en.text("areas.item", Map.of()));
    assertEquals("catalog en: areas.item: no value for {name}", missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> en.text("no.such.key", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> DIRECTORY.catalog("ta"));
  }
}
