package chaupal.cases;

import chaupal.tenancy.Category;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * Where a filing goes: its department, its deadline and, when exactly one official holds the
 * department's first escalation level for its ULB (and ward), that official. Pure: the directory
 * is the only input besides the filing.
 */
public final class CaseRouting {

  /** A filing's department, its SLA and the official who takes it, null for the department's queue. */
  public record Route(String department, int slaHours, String officer) {}

  private final Directory directory;

  public CaseRouting(Directory directory) {
    this.directory = directory;
  }

  /**
   * Routes a filing.
   *
   * @throws IllegalArgumentException naming what the directory lacks (unknown tenant or category,
   *     no department, no deadline)
   */
  public Route route(CaseFiling filing) {
    Category category = directory.categories(filing.tenant()).stream()
        .filter(c -> c.id().equals(filing.category()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("tenant " + filing.tenant() + " has no category " + filing.category()));
    Optional<Category.SubType> subType = category.subTypes().stream()
        .filter(s -> s.code().equals(filing.subType()))
        .findFirst();
    String department = filing.department() != null ? filing.department()
        : subType.map(Category.SubType::department).orElseGet(() -> departmentOf(category));
    if (department == null) {
      throw new IllegalArgumentException("category " + category.id() + " of " + filing.tenant() + " names no department and the filing chose none");
    }
    int slaHours = subType.map(Category.SubType::slaHours).orElseGet(() -> slaOf(category));
    return new Route(department, slaHours, holder(filing.tenant(), filing.ulb(), department, filing.ward(), 0).orElse(null));
  }

  /**
   * The one official holding level {@code level} of the department's escalation chain for this ULB
   * and ward; empty when the chain has no such level or no single official holds it. An official
   * with wards takes only cases of those wards; one of the filing's ward wins over one without wards.
   */
  public Optional<String> holder(String tenant, String ulb, String department, Integer ward, int level) {
    List<Tenant.EscalationRole> chain = directory.escalation(tenant, department);
    if (level < 0 || level >= chain.size()) return Optional.empty();
    String post = chain.get(level).id();
    List<Official> inScope = directory.officials(tenant).stream()
        .filter(o -> post.equals(o.post()))
        .filter(o -> o.scope().ulbs().isEmpty() || (ulb != null && o.scope().ulbs().contains(ulb)))
        .filter(o -> o.scope().departments().isEmpty() || o.scope().departments().contains(department))
        .toList();
    List<Official> ofWard = ward == null ? List.of() : inScope.stream().filter(o -> o.scope().wards().contains(ward)).toList();
    List<Official> candidates = !ofWard.isEmpty() ? ofWard : inScope.stream().filter(o -> o.scope().wards().isEmpty()).toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0).id()) : Optional.empty();
  }

  /** The number of levels of the department's chain (0: it never escalates). */
  public int levels(String tenant, String department) {
    return directory.escalation(tenant, department).size();
  }

  /** The WhatsApp number of an official, when configured. */
  public Optional<String> whatsappOf(String tenant, String officialId) {
    if (officialId == null) return Optional.empty();
    return directory.officials(tenant).stream()
        .filter(o -> o.id().equals(officialId))
        .findFirst()
        .map(Official::whatsapp);
  }

  /** Whether the tenant has this official. */
  public boolean knows(String tenant, String officialId) {
    return directory.officials(tenant).stream().anyMatch(o -> o.id().equals(officialId));
  }

  // A category filed without its sub-type: its own department, else the one all its sub-types share.
  private static String departmentOf(Category category) {
    if (category.department() != null) return category.department();
    List<String> departments = category.subTypes().stream().map(Category.SubType::department).distinct().toList();
    return departments.size() == 1 ? departments.get(0) : null;
  }

  // Without a sub-type: the category's deadline, else the soonest of its sub-types (the citizen is promised no less).
  private static int slaOf(Category category) {
    if (category.slaHours() != null) return category.slaHours();
    return category.subTypes().stream().mapToInt(Category.SubType::slaHours).min()
        .orElseThrow(() -> new IllegalArgumentException("category " + category.id() + " has no deadline (sla_hours)"));
  }
}
