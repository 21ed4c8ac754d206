package chaupal.outbound;

import chaupal.whatsapp.ErrorCodes;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides what a send's result means for its message: exponential backoff with full jitter for
 * retryable refusals, never below what Meta asks for, and giving up after {@code maxAttempts} sends
 * or once the message would be older than {@code maxAge}.
 */
record RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration maxAge) {

  static RetryPolicy of(OutboxSettings settings) {
    return new RetryPolicy(settings.backoffBase(), settings.backoffCap(), settings.maxAttempts(), settings.maxAge());
  }

  /**
   * Refusals that say nothing of the message, only that the API is down or full for now: a server
   * error, no answer at all (null), Meta's throughput limit. Once a send goes through again, the
   * messages backing off from one are due at once ({@link OutboxSchedule.Revive}).
   */
  static final Set<Integer> OUTAGE_CODES = Set.of(131000, ErrorCodes.THROUGHPUT);

  static boolean outage(Outcome.Retry retry) {
    return retry.errorCode() == null || OUTAGE_CODES.contains(retry.errorCode());
  }

  /** A message fetched at this age is not sent at all: a reply that late is no longer an answer. */
  boolean tooOld(PendingMessage message) {
    return message.ageAtFetch().compareTo(maxAge) > 0;
  }

  /** {@code asTemplate}: what was sent is the intent's template, so a closed window cannot be the template's fault. */
  Outcome decide(PendingMessage message, boolean asTemplate, SendResult result, RandomGenerator random) {
    if (result instanceof SendResult.Accepted accepted) return new Outcome.Accepted(message, accepted.wamid(), asTemplate);
    SendResult.Rejected rejected = (SendResult.Rejected) result;
    Integer code = rejected.error() == null ? null : rejected.error().code();
    String error = rejected.describe();
    if (code != null && ErrorCodes.needsTemplate(code) && !asTemplate && message.intent() != null
        && message.intent().template() != null) {
      // The window closed: at once again, as the template (the error code on the row says so).
      return new Outcome.Retry(message, Duration.ZERO, code, error + " (sending the template instead)");
    }
    if (code != null && message.mayAwaitWindow()
        && (asTemplate ? ErrorCodes.templateRefused(code) : ErrorCodes.needsTemplate(code))) {
      // The template was refused (or there is none and the window closed): the news is not lost, it
      // waits for the citizen's next message and goes free-form then.
      return new Outcome.AwaitingWindow(message, true, code,
          error + (asTemplate ? " (template refused" : " (no template") + "; waiting for the citizen's next message to send it free-form)");
    }
    if (!rejected.retryable()) return new Outcome.Failed(message, code, error);
    int failures = message.attempts() + 1;
    if (failures >= maxAttempts) return new Outcome.Expired(message, true, code, error + " (after " + failures + " attempts)");
    Duration delay = backoff(failures, rejected, random);
    if (message.ageAtFetch().plus(delay).compareTo(maxAge) > 0) {
      return new Outcome.Expired(message, true, code, error + " (too old to retry)");
    }
    return new Outcome.Retry(message, delay, code, error);
  }

  /** The wait after the {@code failures}-th failed send of a message (1 for the first). */
  Duration backoff(int failures, SendResult.Rejected rejected, RandomGenerator random) {
    long ceiling = base.toMillis();
    for (int i = 1; i < failures && ceiling < cap.toMillis(); i++) ceiling *= 2;
    ceiling = Math.min(ceiling, cap.toMillis());
    Duration jittered = Duration.ofMillis(random.nextLong(ceiling + 1));
    Duration floor = rejected.retryAfter() == null ? Duration.ZERO : rejected.retryAfter();
    if (rejected.error() != null) {
      // Meta's own waits grow with the attempt (4^x s for the pair limit); the client cannot know the attempt.
      floor = max(floor, ErrorCodes.retryAfter(rejected.error().code(), failures - 1));
    }
    return max(jittered, floor);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
