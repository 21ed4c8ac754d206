package chaupal.console;

import chaupal.cases.CaseDesk;
import chaupal.tenancy.Official;
import java.time.Instant;
import java.util.Locale;

/**
 * An official's login to the API: who (username, and the directory's official id when it is one),
 * what they may do (role and scope within their tenant), and the state of their password.
 */
record Account(
    String username,
    String passwordHash,
    String tenant,
    Official.Role role,
    Official.Scope scope,
    String officialId,
    boolean disabled,
    int failedAttempts,
    Instant lockedUntil,
    Instant passwordSetAt,
    Instant createdAt,
    Instant updatedAt) {

  /** The bootstrap state administrator's username. */
  static final String ADMIN = "admin";

  /** How the desk knows this official: by the directory's id (cases are assigned to it), else the username. */
  CaseDesk.Actor actor() {
    return new CaseDesk.Actor(officialId != null ? officialId : username, tenant, role, scope);
  }

  boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  boolean administers() {
    return role == Official.Role.STATE_ADMIN || role == Official.Role.ULB_ADMIN;
  }

  /** The role as the API and the directory's files write it: {@code ulb-admin}. */
  static String key(Official.Role role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The role written {@code ulb-admin}; null for anything else. */
  static Official.Role role(String key) {
    for (Official.Role role : Official.Role.values()) if (key(role).equals(key)) return role;
    return null;
  }
}
