package chaupal.cases;

/**
 * What a citizen said about their resolved (or rejected) case: not resolved (reopen, within the
 * tenant's window) or a rating of 1 to 5 (closes it). {@code requestId} names the citizen event.
 *
 * @param stars 1 to 5 for a rating, 0 for a reopen or an answer
 * @param answer the citizen's answer to an official's question, else null
 */
public record CitizenFeedback(String number, String requestId, String citizenId, boolean reopen, int stars, String reason,
    long atMillis, String answer, java.util.List<CaseFiling.Attachment> attachments) {

  public CitizenFeedback {
    attachments = attachments == null ? java.util.List.of() : java.util.List.copyOf(attachments);
  }

  /** A reopen request or a rating. */
  public CitizenFeedback(String number, String requestId, String citizenId, boolean reopen, int stars, String reason, long atMillis) {
    this(number, requestId, citizenId, reopen, stars, reason, atMillis, null, java.util.List.of());
  }

  /** The citizen's answer to an official's question ({@link CaseDesk.Act.Ask}), with what they sent along. */
  public static CitizenFeedback answer(String number, String requestId, String citizenId, String text,
      java.util.List<CaseFiling.Attachment> attachments, long atMillis) {
    return new CitizenFeedback(number, requestId, citizenId, false, 0, null, atMillis, text, attachments);
  }

  public boolean givesAnswer() {
    return answer != null;
  }
}
