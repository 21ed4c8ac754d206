package chaupal.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
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
            new Channel("100000000000001", "910000000001", "Punjab mSewa (state-wide, all ULBs)", "punjab", List.of("en", "hi", "pa"), 80, templates("en", "hi", "pa"), "200000000000001"),
            new Channel("100000000000002", "910000000002", "Gariaband district Samvad 24x7", "gariaband", List.of("hi", "en"), 80, templates("hi", "en"), "200000000000002"),
            new Channel("100000000000003", "910000000003", "Jhabua district public services", "jhabua", List.of("hi", "en"), 80, templates("hi", "en"), "200000000000003"),
            new Channel("100000000000004", "910000000004", "Sagar municipal corporation MP15", "sagar", List.of("hi", "en"), 80, templates("hi", "en"), "200000000000004"),
            new Channel("100000000000005", "910000000005", "Delhi government services", "delhi", List.of("en", "hi"), 80, templates("en", "hi"), "200000000000005"));
    assertEquals(expected, DIRECTORY.channels());
    for (Channel channel : expected) {
      assertEquals(channel, DIRECTORY.channel(channel.phoneNumberId()).orElseThrow());
    }
    assertTrue(DIRECTORY.channel("100000000000009").isEmpty());
  }

  /** Every shipped number has the case-update, the welcome and the consent-update template in each of its languages. */
  private static List<Channel.Template> templates(String... languages) {
    return java.util.Arrays.stream(languages)
        .flatMap(l -> java.util.stream.Stream.of(
            new Channel.Template("case-update", l, "chaupal_case_update", l, List.of("case_number", "status", "note")),
            new Channel.Template("welcome", l, "chaupal_welcome", l, List.of("service")),
            new Channel.Template("consent-update", l, "chaupal_consent_update", l, List.of("service", "change"))))
        .toList();
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
  void everyUlbAndTenantWithoutUlbsStartsItsOwnCaseNumbers() {
    Directory directory = Directory.load(Path.of("project-config"));
    assertEquals("JAL", directory.casePrefix("punjab", "pb.jalandhar"));
    assertEquals("ZRK", directory.casePrefix("punjab", "pb.zirakpur"));
    assertEquals("SGR", directory.casePrefix("sagar", null));
    assertEquals("GRB", directory.casePrefix("gariaband", null));
    // 170 ULBs and the five tenants, each its own three letters (the loader refuses a repeat).
    assertEquals(175, directory.casePrefixes().size());
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

  @Test
  void punjabHasAll170UrbanLocalBodiesWithNamesInEveryLanguage() {
    List<Ulb> ulbs = DIRECTORY.ulbs("punjab");
    assertEquals(170, ulbs.size());
    for (Ulb ulb : ulbs) {
      for (String language : List.of("en", "hi", "pa")) assertFalse(ulb.name(language).isBlank(), ulb.code() + " " + language);
    }
    Ulb jalandhar = DIRECTORY.ulb("pb.jalandhar").orElseThrow();
    assertEquals("ਜਲੰਧਰ", jalandhar.name("pa"));
    assertEquals(Ulb.Grade.MUNICIPAL_CORPORATION, jalandhar.grade());
    assertEquals(80, jalandhar.wards());
    assertEquals(null, DIRECTORY.ulb("pb.dhuri").orElseThrow().wards(), "4 blocks, not named as wards");
    // the source has no Hindi or Punjabi name for Mandi Kalan: the English one stands in
    Ulb mandiKalan = DIRECTORY.ulb("pb.mandikalan").orElseThrow();
    assertEquals("Mandikalan", mandiKalan.name("hi"));
    assertEquals("Mandikalan", mandiKalan.name("pa"));
    assertEquals("Budhlada", DIRECTORY.ulb("pb.budhlada").orElseThrow().name("pa"));
  }

  @Test
  void doubtfulCoordinatesAndNamesAreMarkedForReview() {
    for (String code : List.of("pb.baghapurana", "pb.bhadson", "pb.mallanwala", "pb.sujanpur")) {
      Ulb ulb = DIRECTORY.ulb(code).orElseThrow();
      assertTrue(ulb.needsReview(Ulb.Review.COORDINATES), code);
      assertEquals(31.8428, ulb.latitude(), code);
    }
    for (String code : List.of("pb.kotissekhan", "pb.hariana", "pb.tapa", "pb.fatehgarhchurian", "pb.mandigobindgarh", "pb.quadian", "pb.balianwali")) {
      assertTrue(DIRECTORY.ulb(code).orElseThrow().needsReview(Ulb.Review.NAME_HI), code);
    }
    for (String code : List.of("pb.talwandisabo", "pb.mandigobindgarh", "pb.quadian", "pb.bassipathana", "pb.goniana", "pb.bhuchomandi", "pb.urmartanda")) {
      assertTrue(DIRECTORY.ulb(code).orElseThrow().needsReview(Ulb.Review.NAME_PA), code);
    }
    // the pilot ULBs' names were corrected and checked (the source's Amritsar had a doubled tippi)
    assertEquals("ਅੰਮ੍ਰਿਤਸਰ", DIRECTORY.ulb("pb.amritsar").orElseThrow().name("pa"));
    assertEquals(List.of(), DIRECTORY.ulb("pb.amritsar").orElseThrow().review());
    for (Ulb ulb : DIRECTORY.ulbs("punjab")) {
      for (Map.Entry<String, Ulb.Review> flag : Map.of("hi", Ulb.Review.NAME_HI, "pa", Ulb.Review.NAME_PA).entrySet()) {
        if (ulb.name().containsKey(flag.getKey()) && !ulb.name().get(flag.getKey()).equals(pilotName(ulb, flag.getKey()))) {
          assertTrue(ulb.needsReview(flag.getValue()), ulb.code() + " " + flag.getKey() + " is machine-made");
        }
      }
    }
  }

  private static String pilotName(Ulb ulb, String language) {
    return DIRECTORY.tenant("punjab").orElseThrow().areas().stream()
        .filter(area -> ulb.code().equals("pb." + area.id()))
        .map(area -> area.name().in(language))
        .findFirst()
        .orElse(null);
  }

  @Test
  void everyActivePunjabServiceDefIsASubTypeWithItsDepartmentAndDeadline() throws IOException {
    Map<String, Category.SubType> subTypes = new java.util.HashMap<>();
    for (Category category : DIRECTORY.categories("punjab")) {
      for (Category.SubType subType : category.subTypes()) subTypes.put(subType.code(), subType);
    }
    Map<String, String> departmentIds = new java.util.HashMap<>();
    for (Tenant.Department department : DIRECTORY.tenant("punjab").orElseThrow().departments()) {
      if (department.code() != null) departmentIds.put(department.code(), department.id());
    }
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/tenancy/pgr-categories.csv")); // a copy of the source, digit-pgr.md §2
    int active = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      if (!cells[5].equals("true")) continue;
      active++;
      Category.SubType subType = subTypes.get(cells[0]);
      assertTrue(subType != null, cells[0]);
      assertEquals(departmentIds.get(cells[3]), subType.department(), cells[0]);
      assertEquals(Integer.parseInt(cells[4]), subType.slaHours(), cells[0]);
    }
    assertEquals(66, active);
    assertEquals(active, subTypes.size());
  }

  @Test
  void everyCategoryHasKeywordsInItsTenantsLanguagesAndNamesNotYetReviewed() {
    for (Channel channel : DIRECTORY.channels()) {
      List<Category> categories = DIRECTORY.categories(channel.tenantId());
      assertFalse(categories.isEmpty(), channel.tenantId());
      for (Category category : categories) {
        for (String language : channel.languages()) {
          assertFalse(category.keywords(language).isEmpty(), category.id() + " " + language);
          assertTrue(category.name().has(language));
        }
        assertFalse(category.keywords(Category.ROMANISED).isEmpty(), category.id());
        assertFalse(category.reviewed(), "no native speaker has checked them yet");
      }
    }
    Category water = DIRECTORY.categories("punjab").stream().filter(c -> c.id().equals("water-sewerage")).findFirst().orElseThrow();
    assertTrue(water.keywords(Category.ROMANISED).contains("paani"));
    assertTrue(water.keywords("pa").contains("ਪਾਣੀ"));
  }

  @Test
  void everyTenantHasTopicsNamedInItsChannelsLanguagesWithAMetaCategory() {
    for (Channel channel : DIRECTORY.channels()) {
      Tenant tenant = DIRECTORY.tenantOf(channel);
      assertFalse(tenant.topics().isEmpty(), tenant.id());
      assertTrue(tenant.topics().stream().anyMatch(Topic::isMarketing), tenant.id() + " has a topic that needs an opt-in");
      for (Topic topic : tenant.topics()) {
        for (String language : channel.languages()) assertTrue(topic.name().has(language), topic.id() + " " + language);
        assertFalse(topic.reviewed(), "no native speaker has checked them yet");
      }
    }
    Topic water = DIRECTORY.tenantOf(DIRECTORY.channels().get(0)).topic("water-supply-schedule").orElseThrow();
    assertEquals(Topic.Category.UTILITY, water.category());
    assertEquals("ਪਾਣੀ ਦੀ ਸਪਲਾਈ ਦਾ ਸਮਾਂ", water.name().in("pa"));
  }

  @Test
  void sagarAnswersInADayAndTheOthersLeaveTheirDeadlinesToTheDeployer() {
    List<Category> sagar = DIRECTORY.categories("sagar");
    assertEquals(List.of("road", "electricity", "water", "drain-cleaning", "tax", "ration"), sagar.stream().map(Category::id).toList());
    for (Category category : sagar) {
      assertEquals(24, category.slaHours(), category.id());
      assertFalse(category.slaIsPlaceholder());
    }
    assertEquals(
        List.of("मांग", "समस्या", "सुझाव"),
        DIRECTORY.categories("gariaband").stream().map(c -> c.name().in("hi")).toList());
    for (String tenant : List.of("gariaband", "delhi", "jhabua")) {
      for (Category category : DIRECTORY.categories(tenant)) assertTrue(category.slaIsPlaceholder(), tenant + " " + category.id());
    }
  }

  @Test
  void escalationClimbsFromTheOfficerToTheHeadOfTheUlb() {
    assertEquals(
        List.of("officer", "department-head", "head-of-ulb"),
        DIRECTORY.escalation("punjab", "street-lights").stream().map(Tenant.EscalationRole::id).toList());
    assertEquals("Tax branch", DIRECTORY.department("punjab", "tax-branch").orElseThrow().name().in("en"));
    assertThrows(IllegalArgumentException.class, () -> DIRECTORY.escalation("punjab", "no-such"));
  }

  @Test
  void officialsAreExamplesWithinExistingScopes() {
    for (Tenant tenant : DIRECTORY.tenants()) {
      List<Official> officials = DIRECTORY.officials(tenant.id());
      assertFalse(officials.isEmpty(), tenant.id());
      for (Official official : officials) {
        assertTrue(official.name().startsWith("Example "), official.id());
        assertTrue(official.email().endsWith("@example.gov.in"), official.id());
        assertTrue(official.phone().startsWith("91980001"), official.id());
        for (String ulb : official.scope().ulbs()) assertTrue(DIRECTORY.ulb(ulb).isPresent(), ulb);
        for (String department : official.scope().departments()) {
          assertTrue(DIRECTORY.department(tenant.id(), department).isPresent(), department);
        }
      }
    }
    List<Official> punjab = DIRECTORY.officials("punjab");
    assertEquals(1, punjab.stream().filter(o -> o.role() == Official.Role.STATE_ADMIN).count());
    for (String pilot : List.of("phagwara", "jalandhar", "amritsar", "hoshiarpur", "zirakpur")) {
      assertEquals(
          1,
          punjab.stream().filter(o -> o.role() == Official.Role.ULB_ADMIN && o.scope().ulbs().equals(List.of("pb." + pilot))).count(),
          pilot);
      assertTrue(punjab.stream().filter(o -> o.role() == Official.Role.DEPARTMENT_OFFICER).anyMatch(o -> o.scope().ulbs().contains("pb." + pilot)));
    }
  }

  @Test
  void theShippedDirectoryLoadsQuickly() {
    long start = System.nanoTime();
    Directory.load(Path.of(Directory.DEFAULT_CONFIG_DIR));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("shipped directory loaded in " + millis + " ms");
    assertTrue(millis < 2000, millis + " ms");
  }
}
