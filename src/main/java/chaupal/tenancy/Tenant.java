package chaupal.tenancy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * A government body that runs channels: a state, a district or a city. {@code parentId} is null for
 * a top-level tenant. {@code areas} are its ULBs or blocks (a state may list all of its ULBs).
 * {@code casePrefix} starts the case numbers of a tenant without ULBs (three letters, unique in the
 * directory). Bound as written in {@code tenants/<id>.conf} (see {@link ConfigBinding}); the loader checks the rest.
 */
public record Tenant(
    String id,
    @OptionalField String casePrefix,
    LocalizedText name,
    Kind kind,
    @JsonProperty("parent") @OptionalField String parentId,
    Helpline helpline,
    @OptionalField List<Area> areas,
    List<Department> departments,
    PrivacyContact privacy,
    @OptionalField List<Ulb> ulbs,
    @OptionalField List<Category> categories,
    @OptionalField List<EscalationRole> escalationRoles,
    @OptionalField List<String> escalation,
    @OptionalField List<Official> officials,
    @OptionalField List<Topic> topics) {

  public Tenant {
    areas = List.copyOf(areas);
    departments = List.copyOf(departments);
    ulbs = List.copyOf(ulbs);
    categories = List.copyOf(categories);
    escalationRoles = List.copyOf(escalationRoles);
    escalation = List.copyOf(escalation);
    officials = List.copyOf(officials);
    topics = List.copyOf(topics);
    // A tenant whose cases all go to its ULBs needs none; one without ULBs numbers its own.
    if (casePrefix == null && id != null && ulbs.isEmpty()) casePrefix = defaultCasePrefix(id);
  }

  /** The first three letters of a name, in capitals; shorter names are padded with X. */
  static String defaultCasePrefix(String name) {
    String letters = (name.replaceAll("[^A-Za-z]", "") + "XXX").toUpperCase(java.util.Locale.ROOT);
    return letters.substring(0, 3);
  }

  /** The topic called {@code id}, if this tenant has it. */
  public Optional<Topic> topic(String id) {
    return topics.stream().filter(topic -> topic.id().equals(id)).findFirst();
  }

  public Optional<String> parent() {
    return Optional.ofNullable(parentId);
  }

  public enum Kind {
    STATE,
    DISTRICT,
    CITY
  }

  /** Where a citizen can call or write to a person. {@code hours} is shown as written. */
  public record Helpline(String phone, String email, LocalizedText hours) {}

  /** An urban local body or a block. */
  public record Area(String id, AreaKind kind, LocalizedText name) {}

  public enum AreaKind {
    MUNICIPAL_CORPORATION,
    MUNICIPAL_COUNCIL,
    NAGAR_PANCHAYAT,
    BLOCK;

    public boolean isUrbanLocalBody() {
      return this != BLOCK;
    }
  }

  /**
   * {@code phone} is null when the department has no number of its own; {@code code} is its code in
   * the source system (DIGIT's {@code DEPT_4}), if any; {@code escalation} overrides the tenant's chain.
   */
  public record Department(
      String id,
      LocalizedText name,
      @OptionalField String phone,
      @OptionalField String code,
      @OptionalField List<String> escalation) {
    public Department {
      escalation = List.copyOf(escalation);
    }
  }

  /** A level of the escalation chain, e.g. the department head. */
  public record EscalationRole(String id, LocalizedText name) {}

  /** Whom a citizen asks about their data, and how long the tenant keeps it. */
  public record PrivacyContact(LocalizedText office, String email, int retentionMonths) {}
}
