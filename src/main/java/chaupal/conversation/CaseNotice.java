package chaupal.conversation;

import java.util.List;

/**
 * A change of one of the citizen's cases to tell them about, as the case part reports it.
 *
 * @param step assigned, started, resolved, rejected, escalated, reopened or closed
 * @param note what the official wrote for the citizen (the resolution note, the reason for a
 *     rejection), or null
 * @param hasPhoto whether the official attached a photo (sent separately by the sender)
 * @param department the department's id in the case's tenant, or null
 * @param dueAtMillis when the case is now due, or 0 when it has no deadline any more
 * @param nowMillis when the change happened
 */
public record CaseNotice(
    String caseNumber, String step, String note, boolean hasPhoto, String department, long dueAtMillis, long nowMillis) {

  public static final List<String> STEPS = List.of("assigned", "started", "resolved", "rejected", "escalated", "reopened", "closed", "asked");

  public CaseNotice {
    if (!STEPS.contains(step)) throw new IllegalArgumentException("unknown case step " + step + " (one of " + STEPS + ")");
  }
}
