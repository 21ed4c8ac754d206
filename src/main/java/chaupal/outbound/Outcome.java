package chaupal.outbound;

import java.time.Duration;

/** What became of one send (or of a message too old to send), as the sender records it. */
sealed interface Outcome {

  PendingMessage message();

  /** The outbox state the row moves to. */
  OutboxState state();

  /** Whether a request went to the API, i.e. whether {@code attempts} grows. */
  default boolean attempted() {
    return true;
  }

  /** {@code asTemplate}: what Meta accepted is the intent's template, a business-initiated send the portfolio's day counts. */
  record Accepted(PendingMessage message, String wamid, boolean asTemplate) implements Outcome {
    Accepted(PendingMessage message, String wamid) {
      this(message, wamid, false);
    }

    public OutboxState state() {
      return OutboxState.ACCEPTED;
    }
  }

  /** Stays pending; the next attempt after {@code delay}. */
  record Retry(PendingMessage message, Duration delay, Integer errorCode, String error) implements Outcome {
    public OutboxState state() {
      return OutboxState.PENDING;
    }
  }

  /** Refused for good (e.g. 131026 undeliverable, 131047 outside the service window): never retried. */
  record Failed(PendingMessage message, Integer errorCode, String error) implements Outcome {
    public OutboxState state() {
      return OutboxState.FAILED;
    }
  }

  /**
   * Stays pending but is not due until the citizen writes on the channel again: a notification
   * whose template Meta refused, or that has none, outside the window. Their message wakes it.
   */
  record AwaitingWindow(PendingMessage message, boolean attempted, Integer errorCode, String error) implements Outcome {
    public OutboxState state() {
      return OutboxState.PENDING;
    }
  }

  /** Given up: too many attempts, or too old to be worth sending. */
  record Expired(PendingMessage message, boolean attempted, Integer errorCode, String error) implements Outcome {
    public OutboxState state() {
      return OutboxState.EXPIRED;
    }
  }
}
