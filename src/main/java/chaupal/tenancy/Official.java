package chaupal.tenancy;

import java.util.List;

/**
 * A person who works grievances or watches them, within a tenant. {@code role} is what the console
 * lets them do; {@code post} their level in the escalation chain, if any. {@code whatsapp} is where
 * escalation notices go (digits with country code), null for none. The shipped ones are examples.
 */
public record Official(
    String id,
    String name,
    Role role,
    @OptionalField String post,
    Scope scope,
    String phone,
    String email,
    @OptionalField String whatsapp) {

  public enum Role {
    STATE_ADMIN,
    ULB_ADMIN,
    DEPARTMENT_OFFICER,
    OBSERVER
  }

  /**
   * What an official sees within their tenant: empty {@code ulbs} (ULB codes, or area ids for a tenant
   * without ULBs) or {@code departments} mean all of them; {@code wards} narrow a single ULB.
   */
  public record Scope(
      @OptionalField List<String> ulbs, @OptionalField List<String> departments, @OptionalField List<Integer> wards) {
    public Scope {
      ulbs = List.copyOf(ulbs);
      departments = List.copyOf(departments);
      wards = List.copyOf(wards);
    }
  }
}
