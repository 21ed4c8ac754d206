package chaupal.cases;

import chaupal.tenancy.Official;
import java.util.List;

/**
 * The cases an official may see, after their role: a state administrator the whole tenant, a ULB
 * administrator their ULBs (and wards), a department officer or an observer their ULBs, departments
 * and wards. An empty list does not narrow; wards narrow a single ULB, so a case without a ward is
 * outside a scope with wards.
 */
record CaseScope(String tenant, List<String> ulbs, List<String> departments, List<Integer> wards) {

  static CaseScope of(String tenant, Official.Role role, Official.Scope scope) {
    return switch (role) {
      case STATE_ADMIN -> new CaseScope(tenant, List.of(), List.of(), List.of());
      case ULB_ADMIN -> new CaseScope(tenant, scope.ulbs(), List.of(), scope.wards());
      case DEPARTMENT_OFFICER, OBSERVER -> new CaseScope(tenant, scope.ulbs(), scope.departments(), scope.wards());
    };
  }

  static CaseScope of(CaseDesk.Actor actor) {
    return of(actor.tenant(), actor.role(), actor.scope());
  }

  boolean covers(String caseTenant, String ulb, String department, Integer ward) {
    return tenant.equals(caseTenant)
        && (ulbs.isEmpty() || ulbs.contains(ulb))
        && (departments.isEmpty() || departments.contains(department))
        && (wards.isEmpty() || (ward != null && wards.contains(ward)));
  }

  /** The same rule as {@link #covers} as SQL over {@code grievance_case}, its parameters added to {@code query}. */
  void restrict(CaseQuery query) {
    query.where("tenant = ?", tenant);
    if (!ulbs.isEmpty()) query.whereIn("ulb", ulbs.toArray(String[]::new));
    if (!departments.isEmpty()) query.whereIn("department", departments.toArray(String[]::new));
    if (!wards.isEmpty()) query.whereIn("ward", wards.toArray(Integer[]::new));
  }
}
