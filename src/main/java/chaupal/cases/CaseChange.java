package chaupal.cases;

/**
 * One step in a case's life, as those who must hear of it see it: the citizen (every change but a
 * comment) and, on assignment or escalation, the official who now has it.
 *
 * @param step registered, assigned, started, resolved, rejected, escalated, reopened, reassigned,
 *     closed, commented
 * @param caseSequence the case event's sequence number: with the number it names this change once,
 *     so a repeat can be recognised
 * @param note the official's note, the rejection reason or the comment; null if none
 * @param photoMediaId a photo the resolving official attached (stored media id), or null
 * @param assigneeId the official who has the case after this step, or null (the department's queue)
 * @param assigneeWhatsapp that official's WhatsApp number when configured and this step gave them
 *     the case (assigned, escalated), else null
 * @param dueAtMillis when the case is due after this step
 * @param level the escalation level after this step (0: not escalated)
 */
public record CaseChange(
    String number,
    long caseSequence,
    String step,
    CaseStatus status,
    String tenant,
    String ulb,
    String department,
    String category,
    String citizenId,
    String channelId,
    String language,
    String note,
    String photoMediaId,
    String assigneeId,
    String assigneeWhatsapp,
    long atMillis,
    long dueAtMillis,
    int level) {}
