package chaupal.cases;

/**
 * What a citizen said about their resolved (or rejected) case: not resolved (reopen, within the
 * tenant's window) or a rating of 1 to 5 (closes it). {@code requestId} names the citizen event.
 *
 * @param stars 1 to 5 for a rating, 0 for a reopen
 */
public record CitizenFeedback(String number, String requestId, String citizenId, boolean reopen, int stars, String reason,
    long atMillis) {}
