package chaupal.tenancy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who runs which WhatsApp numbers, in which languages, with which departments and texts: the
 * contents of {@code project-config/}, loaded once at start-up and checked completely, so that a
 * mistake stops the deployment with a one-line message instead of reaching a citizen. Immutable.
 */
public final class Directory {

  /** Where the platform looks when {@link #CONFIG_DIR_VARIABLE} is not set. */
  public static final String DEFAULT_CONFIG_DIR = "project-config";

  public static final String CONFIG_DIR_VARIABLE = "CHAUPAL_CONFIG_DIR";

  private final Path configDir;
  private final Map<String, Channel> channels;
  private final Map<String, Tenant> tenants;
  private final Map<String, Catalog> catalogs;
  private final Map<String, Map<String, Catalog>> overrides;
  private final Map<String, Ulb> ulbs;

  Directory(
      Path configDir,
      List<Channel> channels,
      Map<String, Tenant> tenants,
      Map<String, Catalog> catalogs,
      Map<String, Map<String, Catalog>> overrides) {
    this.configDir = configDir;
    Map<String, Channel> byId = new LinkedHashMap<>();
    for (Channel channel : channels) byId.put(channel.phoneNumberId(), channel);
    this.channels = Collections.unmodifiableMap(byId);
    this.tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
    this.catalogs = Collections.unmodifiableMap(new LinkedHashMap<>(catalogs));
    this.overrides = Map.copyOf(overrides);
    Map<String, Ulb> ulbsByCode = new LinkedHashMap<>();
    for (Tenant tenant : tenants.values()) for (Ulb ulb : tenant.ulbs()) ulbsByCode.put(ulb.code(), ulb);
    this.ulbs = Collections.unmodifiableMap(ulbsByCode);
  }

  /**
   * Reads {@code channels.conf}, {@code tenants/*.conf}, {@code catalogs/*.conf} and
   * {@code catalogs/overrides/<tenant>/*.conf} under {@code configDir}.
   *
   * @throws DirectoryException naming the file, the field and the problem
   */
  public static Directory load(Path configDir) {
    return new DirectoryLoader(configDir).load();
  }

  public Path configDir() {
    return configDir;
  }

  /** The channel of a business number, by the {@code metadata.phone_number_id} webhooks carry. */
  public Optional<Channel> channel(String phoneNumberId) {
    return Optional.ofNullable(channels.get(phoneNumberId));
  }

  /** All channels, in the order of {@code channels.conf}. */
  public List<Channel> channels() {
    return List.copyOf(channels.values());
  }

  public Optional<Tenant> tenant(String id) {
    return Optional.ofNullable(tenants.get(id));
  }

  /** All tenants, by id. */
  public List<Tenant> tenants() {
    return List.copyOf(tenants.values());
  }

  /** The tenant a channel belongs to; the loader guarantees it exists. */
  public Tenant tenantOf(Channel channel) {
    Tenant tenant = tenants.get(channel.tenantId());
    if (tenant == null) throw new IllegalArgumentException("channel " + channel.phoneNumberId() + " has no tenant here");
    return tenant;
  }

  /** The languages that have a catalog, sorted. */
  public Set<String> languages() {
    return catalogs.keySet();
  }

  /**
   * The catalog of a supported language.
   *
   * @throws IllegalArgumentException for a language without a catalog (a programming error: channels
   *     only offer languages that have one)
   */
  public Catalog catalog(String language) {
    Catalog catalog = catalogs.get(language);
    if (catalog == null) {
      throw new IllegalArgumentException("no catalog for language \"" + language + "\" (" + catalogs.keySet() + ")");
    }
    return catalog;
  }

  /** The catalog of a language with the tenant's own wording, where it has overridden keys. */
  public Catalog catalog(String tenantId, String language) {
    Catalog overridden = overrides.getOrDefault(tenantId, Map.of()).get(language);
    return overridden != null ? overridden : catalog(language);
  }

  /** A tenant's urban local bodies, in the order of its file; none for a tenant without. */
  public List<Ulb> ulbs(String tenantId) {
    return known(tenantId).ulbs();
  }

  /** A ULB by its code, e.g. {@code pb.jalandhar}; codes are unique across tenants. */
  public Optional<Ulb> ulb(String code) {
    return Optional.ofNullable(ulbs.get(code));
  }

  /**
   * The three letters that start a case number: the ULB's where the case has one, else the tenant's
   * (a tenant without ULBs).
   *
   * @throws IllegalArgumentException for an unknown tenant or ULB
   */
  public String casePrefix(String tenantId, String ulbCodeOrNull) {
    if (ulbCodeOrNull == null) {
      String own = known(tenantId).casePrefix();
      if (own == null) throw new IllegalArgumentException("tenant " + tenantId + " files every case to a ULB and has no case prefix of its own");
      return own;
    }
    Ulb ulb = ulbs.get(ulbCodeOrNull);
    if (ulb == null) throw new IllegalArgumentException("no ULB " + ulbCodeOrNull);
    return ulb.casePrefix();
  }

  /** Every case prefix of the directory (ULBs' and tenants'), for finding case numbers in text. */
  public Set<String> casePrefixes() {
    Set<String> all = new java.util.TreeSet<>();
    tenants.values().stream().map(Tenant::casePrefix).filter(java.util.Objects::nonNull).forEach(all::add);
    ulbs.values().forEach(u -> all.add(u.casePrefix()));
    return Collections.unmodifiableSet(all);
  }

  /** The grievance categories a tenant takes, with their sub-types. */
  public List<Category> categories(String tenantId) {
    return known(tenantId).categories();
  }

  public Optional<Tenant.Department> department(String tenantId, String departmentId) {
    return known(tenantId).departments().stream().filter(d -> d.id().equals(departmentId)).findFirst();
  }

  /**
   * The levels a late grievance of the department climbs, first to last: its own chain or the
   * tenant's; empty for a tenant without escalation.
   *
   * @throws IllegalArgumentException for a department the tenant does not have
   */
  public List<Tenant.EscalationRole> escalation(String tenantId, String departmentId) {
    Tenant tenant = known(tenantId);
    Tenant.Department department =
        department(tenantId, departmentId)
            .orElseThrow(() -> new IllegalArgumentException("tenant " + tenantId + " has no department " + departmentId));
    List<String> chain = department.escalation().isEmpty() ? tenant.escalation() : department.escalation();
    return chain.stream()
        .map(role -> tenant.escalationRoles().stream().filter(r -> r.id().equals(role)).findFirst().orElseThrow())
        .toList();
  }

  /** The officials of a tenant (examples in the shipped directory). */
  public List<Official> officials(String tenantId) {
    return known(tenantId).officials();
  }

  private Tenant known(String tenantId) {
    Tenant tenant = tenants.get(tenantId);
    if (tenant == null) throw new IllegalArgumentException("no tenant " + tenantId + " (" + tenants.keySet() + ")");
    return tenant;
  }
}
