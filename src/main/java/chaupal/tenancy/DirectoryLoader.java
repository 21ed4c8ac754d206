package chaupal.tenancy;

import static chaupal.tenancy.FieldPath.list;
import static chaupal.tenancy.FieldPath.quote;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and checks {@code project-config/}: catalogs first (they define the supported languages),
 * then channels (they say which languages each tenant must speak), then tenants and overrides.
 * The first problem found stops the load with a one-line {@link DirectoryException}.
 */
final class DirectoryLoader {

  static final String REFERENCE_LANGUAGE = "en";
  /** WhatsApp shows at most 3 reply buttons, and the language choice is one button per language. */
  static final int MAX_CHANNEL_LANGUAGES = 3;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,20}");
  private static final Pattern DISPLAY_NUMBER = Pattern.compile("[1-9][0-9]{7,14}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{1,18}[0-9]");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final String PHONE_EXPECTED = "a phone number (digits, spaces, -)";
  private static final String EMAIL_EXPECTED = "an email address";
  private static final Pattern ULB_CODE = Pattern.compile("[a-z]{2}\\.[a-z]+");
  private static final Pattern CASE_PREFIX = Pattern.compile("[A-Z]{3}");
  private static final String CASE_PREFIX_EXPECTED = "three capital letters A-Z (JAL), unique in the directory";
  /** Meta's rule for a template name: lower-case letters, digits and underscores, at most 512. */
  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");
  private static final String TEMPLATE_NAME_EXPECTED = "a template name (lower-case letters, digits, _, at most 512)";
  private static final Pattern TEMPLATE_LANGUAGE_CODE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
  private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("[a-z_]+");
  private static final Pattern SERVICE_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  /** India's mainland and islands lie within these; a point outside is a typing mistake. */
  private static final double[] LATITUDES = {6, 38};
  private static final double[] LONGITUDES = {68, 98};
  private static final Pattern CATALOG_KEY = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");

  private final Path dir;

  DirectoryLoader(Path dir) {
    this.dir = dir;
  }

  Directory load() {
    Map<String, Catalog> catalogs = loadCatalogs();
    Set<String> tenantIds = tenantIds();
    List<Channel> channels = loadChannels(catalogs.keySet(), tenantIds);
    Map<String, Tenant> tenants = loadTenants(catalogs.keySet(), tenantIds, channels);
    Map<String, Map<String, Catalog>> overrides = loadOverrides(catalogs, tenants.keySet());
    return new Directory(dir, channels, tenants, catalogs, overrides);
  }

  private String display(String relative) {
    return dir.resolve(relative).toString();
  }

  // ---------------------------------------------------------------------------------- catalogs

  private Map<String, Catalog> loadCatalogs() {
    Map<String, Path> files = confFiles("catalogs");
    for (String name : files.keySet()) {
      if (!LANGUAGE.matcher(name).matches()) {
        throw new DirectoryException(
            display("catalogs/" + name + ".conf") + ": the file name must be a language code such as hi");
      }
    }
    if (!files.containsKey(REFERENCE_LANGUAGE)) {
      throw new DirectoryException(
          display("catalogs/en.conf") + ": file not found (en is the catalog every other one is checked against)");
    }
    Catalog reference = readCatalog(REFERENCE_LANGUAGE, files.get(REFERENCE_LANGUAGE), "catalogs/en.conf");
    Map<String, Catalog> catalogs = new TreeMap<>();
    catalogs.put(REFERENCE_LANGUAGE, reference);
    for (String language : files.keySet()) {
      if (language.equals(REFERENCE_LANGUAGE)) continue;
      String file = "catalogs/" + language + ".conf";
      Catalog catalog = readCatalog(language, files.get(language), file);
      compareWithReference(catalog, reference, display(file), true);
      catalogs.put(language, catalog);
    }
    return catalogs;
  }

  private Catalog readCatalog(String language, Path location, String relative) {
    String file = display(relative);
    Map<String, String> texts = new HashMap<>();
    Map<String, List<String>> words = new HashMap<>();
    for (Map.Entry<String, ConfigValue> entry : ConfigBinding.parse(location, file).entrySet()) {
      String key = entry.getKey();
      FieldPath at = FieldPath.in(file).field(key);
      if (!CATALOG_KEY.matcher(key).matches()) throw at.problem("keys are lower-case words joined by dots and hyphens");
      ConfigValue value = entry.getValue();
      if (value.valueType() == ConfigValueType.STRING) {
        String text = (String) value.unwrapped();
        if (text.isBlank()) throw at.problem("must not be empty");
        try {
          Catalog.placeholdersIn(text);
        } catch (IllegalArgumentException e) {
          throw at.problem(e.getMessage());
        }
        texts.put(key, text);
      } else if (value.valueType() == ConfigValueType.LIST) {
        words.put(key, wordList(at, (ConfigList) value));
      } else {
        throw at.problem("must be a text or a list of words, not " + ConfigBinding.article(value.valueType()));
      }
    }
    return new Catalog(language, texts, words);
  }

  private static List<String> wordList(FieldPath at, ConfigList list) {
    if (list.isEmpty()) throw at.problem("must not be empty");
    List<String> words = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
        throw at.item(i).problem("must be a non-empty string");
      }
      words.add((String) item.unwrapped());
    }
    return words;
  }

  /**
   * A translation ({@code complete}) must have every key of en, of the same kind, with exactly its
   * placeholders; an override may leave keys and placeholders out but add none.
   */
  private static void compareWithReference(Catalog catalog, Catalog reference, String file, boolean complete) {
    for (String key : catalog.keys()) {
      if (!reference.keys().contains(key)) throw FieldPath.in(file).field(key).problem("not in the en catalog (every key must be in en)");
    }
    for (String key : reference.keys()) {
      FieldPath at = FieldPath.in(file).field(key);
      if (!catalog.keys().contains(key)) {
        if (complete) throw at.problem("missing (en has it, and every catalog needs every key)");
        continue;
      }
      if (reference.hasText(key) != catalog.hasText(key)) {
        throw at.problem("must be " + (reference.hasText(key) ? "a text" : "a list of words") + ", as in en");
      }
      if (!reference.hasText(key)) continue;
      Set<String> expected = reference.placeholders(key);
      Set<String> actual = catalog.placeholders(key);
      for (String name : actual) {
        if (!expected.contains(name)) throw at.problem("uses {" + name + "}, which en does not (en has " + braces(expected) + ")");
      }
      if (!complete) continue;
      for (String name : expected) {
        if (!actual.contains(name)) throw at.problem("lacks {" + name + "}, which en uses");
      }
    }
  }

  private static String braces(Set<String> names) {
    if (names.isEmpty()) return "no placeholders";
    return String.join(", ", names.stream().map(n -> "{" + n + "}").toList());
  }

  // ---------------------------------------------------------------------------------- channels

  /** {@code channels.conf} as written: a channel without {@code messages_per_second} gets the default. */
  private record ChannelsFile(@OptionalField List<ChannelEntry> channels) {}

  private record ChannelEntry(
      String phoneNumberId,
      String wabaId,
      String displayNumber,
      String name,
      String tenant,
      List<String> languages,
      @OptionalField Integer messagesPerSecond,
      @OptionalField List<TemplateEntry> templates) {}

  private record TemplateEntry(String purpose, String language, String name, String languageCode, List<String> parameters) {}

  private List<Channel> loadChannels(Set<String> languages, Set<String> tenantIds) {
    FieldPath file = FieldPath.in(display("channels.conf"));
    ChannelsFile bound =
        ConfigBinding.bind(
            dir.resolve("channels.conf"), file.file(), ChannelsFile.class, new ConfigBinding.Languages(languages, Map.of()));
    List<Channel> channels = new ArrayList<>();
    Map<String, FieldPath> byId = new HashMap<>();
    Map<String, FieldPath> byNumber = new HashMap<>();
    for (int i = 0; i < bound.channels().size(); i++) {
      ChannelEntry entry = bound.channels().get(i);
      FieldPath at = file.field("channels").item(i);
      at.field("phone_number_id").matches(entry.phoneNumberId(), PHONE_NUMBER_ID, "a phone number id (digits only, in quotes)");
      at.field("waba_id").matches(entry.wabaId(), PHONE_NUMBER_ID, "a WhatsApp Business Account id (digits only, in quotes)");
      at.field("display_number").matches(entry.displayNumber(), DISPLAY_NUMBER, "a phone number with country code, digits only");
      at.field("tenant").known(entry.tenant(), tenantIds, "a known tenant");
      FieldPath languagesAt = at.field("languages");
      if (entry.languages().isEmpty()) throw languagesAt.problem("must not be empty");
      Set<String> seen = new HashSet<>();
      for (String language : entry.languages()) {
        languagesAt.known(language, languages, "a supported language");
        languagesAt.once(language, seen);
      }
      if (entry.languages().size() > MAX_CHANNEL_LANGUAGES) {
        throw languagesAt.problem("at most " + MAX_CHANNEL_LANGUAGES + " (the language choice is one reply button each)");
      }
      int rate =
          entry.messagesPerSecond() == null
              ? Channel.DEFAULT_MESSAGES_PER_SECOND
              : at.field("messages_per_second").within(entry.messagesPerSecond(), 1, Channel.MAX_MESSAGES_PER_SECOND);
      at.field("phone_number_id").firstUse(entry.phoneNumberId(), at, byId);
      at.field("display_number").firstUse(entry.displayNumber(), at, byNumber);
      List<Channel.Template> templates = checkTemplates(at.field("templates"), entry);
      channels.add(
          new Channel(
              entry.phoneNumberId(), entry.displayNumber(), entry.name(), entry.tenant(), entry.languages(), rate, templates,
              entry.wabaId()));
    }
    return channels;
  }

  /** What Meta accepts for a template: its name rules, a locale code, and named body parameters. */
  private static List<Channel.Template> checkTemplates(FieldPath at, ChannelEntry entry) {
    List<TemplateEntry> entries = entry.templates() == null ? List.of() : entry.templates();
    List<Channel.Template> templates = new ArrayList<>();
    Set<String> purposes = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      TemplateEntry template = entries.get(i);
      FieldPath item = at.item(i);
      item.field("purpose").matches(template.purpose(), ID, "a purpose (lower case, digits, -: case-update)");
      item.field("language").known(template.language(), new TreeSet<>(entry.languages()), "a language of this channel");
      item.field("name").matches(template.name(), TEMPLATE_NAME, TEMPLATE_NAME_EXPECTED);
      item.field("language_code").matches(template.languageCode(), TEMPLATE_LANGUAGE_CODE, "a template language code (en, en_US, hi, pa)");
      FieldPath parameters = item.field("parameters");
      if (template.parameters().isEmpty()) throw parameters.problem("must not be empty");
      for (int p = 0; p < template.parameters().size(); p++) {
        parameters.item(p).matches(template.parameters().get(p), TEMPLATE_PARAMETER, "a parameter name (lower case and _: case_number)");
        if (template.purpose().equals(Channel.CONSENT_UPDATE)) {
          parameters.item(p).known(template.parameters().get(p), new TreeSet<>(Channel.CONSENT_UPDATE_PARAMETERS),
              "a parameter a consent-update template can be given");
        }
      }
      if (!purposes.add(template.purpose() + " " + template.language())) {
        throw item.problem(quote(template.purpose()) + " in " + quote(template.language()) + " is listed twice");
      }
      templates.add(
          new Channel.Template(template.purpose(), template.language(), template.name(), template.languageCode(), template.parameters()));
    }
    return templates;
  }

  // ---------------------------------------------------------------------------------- tenants

  private Set<String> tenantIds() {
    Set<String> ids = new TreeSet<>(confFiles("tenants").keySet());
    for (String id : ids) {
      if (!ID.matcher(id).matches()) {
        throw new DirectoryException(
            display("tenants/" + id + ".conf") + ": the file name must be a tenant id (lower case, digits, -)");
      }
    }
    return ids;
  }

  private Map<String, Tenant> loadTenants(Set<String> languages, Set<String> ids, List<Channel> channels) {
    Map<String, Tenant> tenants = new TreeMap<>();
    for (String id : ids) {
      Map<String, String> needed = new TreeMap<>();
      for (Channel channel : channels) {
        if (!channel.tenantId().equals(id)) continue;
        for (String language : channel.languages()) {
          needed.putIfAbsent(language, "channel " + channel.phoneNumberId() + " offers " + language);
        }
      }
      tenants.put(id, readTenant(id, new ConfigBinding.Languages(languages, needed), ids));
    }
    Map<String, FieldPath> ulbOwners = new HashMap<>();
    Map<String, FieldPath> prefixOwners = new HashMap<>();
    for (Tenant tenant : tenants.values()) {
      checkAncestry(tenant, tenants);
      FieldPath file = FieldPath.in(display("tenants/" + tenant.id() + ".conf"));
      if (tenant.casePrefix() != null) {
        file.field("case_prefix").matches(tenant.casePrefix(), CASE_PREFIX, CASE_PREFIX_EXPECTED);
        file.field("case_prefix").firstUse(tenant.casePrefix(), FieldPath.in("").field(tenant.id() + ".case_prefix"), prefixOwners);
      }
      for (int i = 0; i < tenant.ulbs().size(); i++) {
        FieldPath at = file.field("ulbs").item(i);
        Ulb ulb = tenant.ulbs().get(i);
        at.field("code").firstUse(ulb.code(), FieldPath.in(tenant.id()).field("ulbs").item(i), ulbOwners);
        at.field("case_prefix").matches(ulb.casePrefix(), CASE_PREFIX, CASE_PREFIX_EXPECTED);
        at.field("case_prefix").firstUse(ulb.casePrefix(), FieldPath.in("").field(ulb.code() + ".case_prefix"), prefixOwners);
      }
    }
    return tenants;
  }

  private Tenant readTenant(String id, ConfigBinding.Languages languages, Set<String> ids) {
    String relative = "tenants/" + id + ".conf";
    FieldPath file = FieldPath.in(display(relative));
    Tenant tenant = ConfigBinding.bind(dir.resolve(relative), file.file(), Tenant.class, languages);
    if (!tenant.id().equals(id)) {
      throw file.field("id").problem(quote(tenant.id()) + " must match the file name " + quote(id));
    }
    if (tenant.parentId() != null) {
      if (tenant.parentId().equals(id)) throw file.field("parent").problem("a tenant cannot be its own parent");
      file.field("parent").known(tenant.parentId(), ids, "a known tenant");
    }
    FieldPath helpline = file.field("helpline");
    helpline.field("phone").matches(tenant.helpline().phone(), PHONE, PHONE_EXPECTED);
    helpline.field("email").matches(tenant.helpline().email(), EMAIL, EMAIL_EXPECTED);
    uniqueIds(file.field("areas"), tenant.areas().stream().map(Tenant.Area::id).toList());
    if (tenant.departments().isEmpty()) throw file.field("departments").problem("must not be empty");
    uniqueIds(file.field("departments"), tenant.departments().stream().map(Tenant.Department::id).toList());
    for (int i = 0; i < tenant.departments().size(); i++) {
      String phone = tenant.departments().get(i).phone();
      if (phone != null) file.field("departments").item(i).field("phone").matches(phone, PHONE, PHONE_EXPECTED);
    }
    FieldPath privacy = file.field("privacy");
    privacy.field("email").matches(tenant.privacy().email(), EMAIL, EMAIL_EXPECTED);
    privacy.field("retention_months").within(tenant.privacy().retentionMonths(), 1, 120);
    checkUlbs(file, tenant, languages.supported());
    Set<String> departments = new HashSet<>(tenant.departments().stream().map(Tenant.Department::id).toList());
    checkCategories(file, tenant, departments, languages);
    checkEscalation(file, tenant);
    checkOfficials(file, tenant, departments);
    uniqueIds(file.field("topics"), tenant.topics().stream().map(Topic::id).toList());
    return tenant;
  }

  private static void checkUlbs(FieldPath file, Tenant tenant, Set<String> languages) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tenant.ulbs().size(); i++) {
      Ulb ulb = tenant.ulbs().get(i);
      FieldPath at = file.field("ulbs").item(i);
      at.field("code").matches(ulb.code(), ULB_CODE, "a ULB code (state code, a dot, lower-case letters: pb.jalandhar)");
      at.field("code").once(ulb.code(), seen);
      if (!ulb.name().containsKey(REFERENCE_LANGUAGE)) {
        throw at.field("name").problem("missing en (it stands in for every language without a name)");
      }
      for (String language : new TreeSet<>(ulb.name().keySet())) {
        at.field("name").field(language).known(language, languages, "a supported language");
      }
      at.field("latitude").between(ulb.latitude(), LATITUDES[0], LATITUDES[1], "a latitude in India");
      at.field("longitude").between(ulb.longitude(), LONGITUDES[0], LONGITUDES[1], "a longitude in India");
      if (ulb.wards() != null) at.field("wards").positive(ulb.wards());
    }
  }

  private static void checkCategories(
      FieldPath file, Tenant tenant, Set<String> departments, ConfigBinding.Languages languages) {
    Set<String> keywordKeys = new TreeSet<>(languages.supported());
    keywordKeys.add(Category.ROMANISED);
    uniqueIds(file.field("categories"), tenant.categories().stream().map(Category::id).toList());
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < tenant.categories().size(); i++) {
      Category category = tenant.categories().get(i);
      FieldPath at = file.field("categories").item(i);
      FieldPath keywords = at.field("keywords");
      for (String key : new TreeSet<>(category.keywords().keySet())) {
        keywords.field(key).known(key, keywordKeys, "a supported language or " + Category.ROMANISED);
        if (category.keywords(key).isEmpty()) throw keywords.field(key).problem("must not be empty");
      }
      for (String language : new TreeSet<>(languages.required().keySet())) {
        if (!category.keywords().containsKey(language)) {
          throw keywords.problem("missing " + language + " (" + languages.required().get(language) + ")");
        }
      }
      if (category.department() != null) at.field("department").known(category.department(), departments, "a department of this tenant");
      if (category.subTypes().isEmpty()) {
        if (category.slaHours() == null) throw at.field("sla_hours").problem("missing (a category without sub_types needs its own)");
        at.field("sla_hours").positive(category.slaHours());
      } else if (category.slaHours() != null || category.department() != null) {
        throw at.field(category.slaHours() != null ? "sla_hours" : "department")
            .problem("belongs to each of sub_types when a category has them");
      }
      for (int j = 0; j < category.subTypes().size(); j++) {
        Category.SubType subType = category.subTypes().get(j);
        FieldPath sub = at.field("sub_types").item(j);
        sub.field("code").matches(subType.code(), SERVICE_CODE, "a service code (letters and digits)");
        sub.field("code").once(subType.code(), codes);
        sub.field("department").known(subType.department(), departments, "a department of this tenant");
        sub.field("sla_hours").positive(subType.slaHours());
      }
    }
  }

  private static void checkEscalation(FieldPath file, Tenant tenant) {
    uniqueIds(file.field("escalation_roles"), tenant.escalationRoles().stream().map(Tenant.EscalationRole::id).toList());
    Set<String> roles = new HashSet<>(tenant.escalationRoles().stream().map(Tenant.EscalationRole::id).toList());
    if (!roles.isEmpty() && tenant.escalation().isEmpty()) {
      throw file.field("escalation").problem("missing (the chain departments follow unless they have their own)");
    }
    checkChain(file.field("escalation"), tenant.escalation(), roles);
    for (int i = 0; i < tenant.departments().size(); i++) {
      checkChain(file.field("departments").item(i).field("escalation"), tenant.departments().get(i).escalation(), roles);
    }
  }

  private static void checkChain(FieldPath at, List<String> chain, Set<String> roles) {
    Set<String> seen = new HashSet<>();
    for (String role : chain) {
      at.known(role, roles, "one of escalation_roles");
      at.once(role, seen);
    }
  }

  private static void checkOfficials(FieldPath file, Tenant tenant, Set<String> departments) {
    uniqueIds(file.field("officials"), tenant.officials().stream().map(Official::id).toList());
    Map<String, Integer> wardsOf = new HashMap<>();
    for (Ulb ulb : tenant.ulbs()) wardsOf.put(ulb.code(), ulb.wards());
    for (Tenant.Area area : tenant.areas()) wardsOf.putIfAbsent(area.id(), null);
    Set<String> roles = new HashSet<>(tenant.escalationRoles().stream().map(Tenant.EscalationRole::id).toList());
    for (int i = 0; i < tenant.officials().size(); i++) {
      Official official = tenant.officials().get(i);
      FieldPath at = file.field("officials").item(i);
      if (official.post() != null) at.field("post").known(official.post(), roles, "one of escalation_roles");
      at.field("phone").matches(official.phone(), PHONE, PHONE_EXPECTED);
      at.field("email").matches(official.email(), EMAIL, EMAIL_EXPECTED);
      if (official.whatsapp() != null) {
        at.field("whatsapp").matches(official.whatsapp(), DISPLAY_NUMBER, "a phone number with country code, digits only");
      }
      Official.Scope scope = official.scope();
      FieldPath scopeAt = at.field("scope");
      for (String ulb : scope.ulbs()) scopeAt.field("ulbs").known(ulb, wardsOf.keySet(), "a ULB or area of this tenant");
      for (String department : scope.departments()) {
        scopeAt.field("departments").known(department, departments, "a department of this tenant");
      }
      if (official.role() == Official.Role.DEPARTMENT_OFFICER && scope.departments().isEmpty()) {
        throw scopeAt.field("departments").problem("must name the departments a department officer works for");
      }
      if (official.role() == Official.Role.ULB_ADMIN && scope.ulbs().isEmpty()) {
        throw scopeAt.field("ulbs").problem("must name the ULBs a ULB admin runs");
      }
      if (scope.wards().isEmpty()) continue;
      FieldPath wards = scopeAt.field("wards");
      if (scope.ulbs().size() != 1) throw wards.problem("wards need exactly one ULB in scope.ulbs");
      Integer count = wardsOf.get(scope.ulbs().get(0));
      for (int ward : scope.wards()) {
        if (count == null) wards.positive(ward);
        else wards.within(ward, 1, count);
      }
    }
  }

  private static void uniqueIds(FieldPath list, List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      FieldPath at = list.item(i).field("id");
      at.matches(ids.get(i), ID, "an id (lower case, digits, -)");
      at.once(ids.get(i), seen);
    }
  }

  private void checkAncestry(Tenant tenant, Map<String, Tenant> tenants) {
    Set<String> seen = new HashSet<>(Set.of(tenant.id()));
    Tenant current = tenant;
    while (current.parentId() != null) {
      if (!seen.add(current.parentId())) {
        throw FieldPath.in(display("tenants/" + tenant.id() + ".conf"))
            .field("parent")
            .problem("the parents of " + quote(tenant.id()) + " form a cycle");
      }
      current = tenants.get(current.parentId());
    }
  }

  // ---------------------------------------------------------------------------------- overrides

  /** {@code catalogs/overrides/<tenant>/<lang>.conf}: a tenant's own wording for some keys. */
  private Map<String, Map<String, Catalog>> loadOverrides(Map<String, Catalog> catalogs, Set<String> tenantIds) {
    Path root = dir.resolve("catalogs/overrides");
    Map<String, Map<String, Catalog>> overrides = new TreeMap<>();
    if (!Files.isDirectory(root)) return overrides;
    for (Path tenantDir : sorted(root)) {
      String tenant = tenantDir.getFileName().toString();
      String relativeDir = "catalogs/overrides/" + tenant;
      if (!Files.isDirectory(tenantDir)) continue;
      FieldPath.in(display(relativeDir)).field("tenant").known(tenant, tenantIds, "a known tenant");
      Map<String, Catalog> byLanguage = new LinkedHashMap<>();
      for (Map.Entry<String, Path> file : confFiles(relativeDir).entrySet()) {
        String language = file.getKey();
        String relative = relativeDir + "/" + language + ".conf";
        Catalog base = catalogs.get(language);
        if (base == null) {
          throw new DirectoryException(
              display(relative) + ": there is no catalogs/" + language + ".conf to override ("
                  + list(catalogs.keySet()) + ")");
        }
        Catalog override = readCatalog(language, file.getValue(), relative);
        compareWithReference(override, catalogs.get(REFERENCE_LANGUAGE), display(relative), false);
        for (String key : override.keys()) {
          if (override.hasWords(key)) {
            throw FieldPath.in(display(relative))
                .field(key)
                .problem("word lists are understood on every number and cannot be overridden per tenant");
          }
        }
        byLanguage.put(language, base.overriddenBy(override));
      }
      overrides.put(tenant, byLanguage);
    }
    return overrides;
  }

  // ---------------------------------------------------------------------------------- files

  /** The {@code *.conf} files of a folder by name without extension; a missing folder has none. */
  private Map<String, Path> confFiles(String relativeDir) {
    Path folder = dir.resolve(relativeDir);
    Map<String, Path> files = new TreeMap<>();
    if (!Files.isDirectory(folder)) return files;
    for (Path path : sorted(folder)) {
      String name = path.getFileName().toString();
      if (Files.isRegularFile(path) && name.endsWith(".conf")) {
        files.put(name.substring(0, name.length() - ".conf".length()), path);
      }
    }
    return files;
  }

  private static List<Path> sorted(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new DirectoryException(folder + ": cannot be read (" + e + ")");
    }
  }
}
