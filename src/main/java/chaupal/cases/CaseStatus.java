package chaupal.cases;

/**
 * Where a case stands, after DIGIT PGR's workflow (digit-pgr.md §3.1), named for this domain. The
 * DIGIT name is kept for teams moving from mSeva ({@link #digitName()}).
 */
public enum CaseStatus {
  /** Filed, waiting for an official to take it (DIGIT PENDINGFORASSIGNMENT, or PENDINGFORREASSIGNMENT after a reassign). */
  REGISTERED("PENDINGFORASSIGNMENT"),
  /** An official has it (PENDINGATLME). */
  ASSIGNED("PENDINGATLME"),
  /** The assignee has started work (no DIGIT state of its own: PENDINGATLME). */
  IN_PROGRESS("PENDINGATLME"),
  RESOLVED("RESOLVED"),
  REJECTED("REJECTED"),
  /** The citizen confirmed or rated a resolution, or its reopen window passed (CLOSEDAFTERRESOLUTION). */
  CLOSED_RESOLVED("CLOSEDAFTERRESOLUTION"),
  /** CLOSEDAFTERREJECTION. */
  CLOSED_REJECTED("CLOSEDAFTERREJECTION");

  private final String digitName;

  CaseStatus(String digitName) {
    this.digitName = digitName;
  }

  public String digitName() {
    return digitName;
  }

  /** Still to be worked: registered, assigned or in progress. */
  public boolean open() {
    return this == REGISTERED || this == ASSIGNED || this == IN_PROGRESS;
  }

  /**
   * Whether an official may do {@code act} to a case in this status. The Case entity refuses the
   * rest, and the console offers only these: one rule for both.
   */
  public boolean allows(CaseDesk.Act act) {
    if (act instanceof CaseDesk.Act.Assign a) return a.official() == null ? this == ASSIGNED || this == IN_PROGRESS : this == REGISTERED;
    if (act instanceof CaseDesk.Act.Start) return this == ASSIGNED;
    if (act instanceof CaseDesk.Act.Resolve) return this == ASSIGNED || this == IN_PROGRESS;
    if (act instanceof CaseDesk.Act.Reject) return this == REGISTERED;
    if (act instanceof CaseDesk.Act.Comment) return this != CLOSED_RESOLVED && this != CLOSED_REJECTED;
    if (act instanceof CaseDesk.Act.Reopen) return this == RESOLVED || this == REJECTED;
    // A question goes to the citizen while the case is still being worked.
    if (act instanceof CaseDesk.Act.Ask) return open();
    throw new IllegalArgumentException("unknown act " + act);
  }

  /** The lower-case name the API, the read tables and the catalogs use: {@code in-progress}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
