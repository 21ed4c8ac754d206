package chaupal.whatsapp;

import java.time.Duration;

/** What the Cloud API said to one send request. Accepted is not delivered: delivery comes by status webhook. */
public sealed interface SendResult {

  /** The API accepted the message and gave it this wamid. */
  record Accepted(String wamid) implements SendResult {}

  /**
   * The API (or the network) refused it. {@code error} is null when no error object came back
   * (timeout, connection refused, 5xx without body). {@code retryable} says whether the same
   * request may succeed later; {@code retryAfter} is the minimum wait Meta suggests, or zero.
   */
  record Rejected(int httpStatus, ApiError error, boolean retryable, Duration retryAfter) implements SendResult {

    /** A short description for logs and the outbox table, e.g. {@code 131026 Message undeliverable}. */
    public String describe() {
      if (error == null) return httpStatus == 0 ? "no response" : "HTTP " + httpStatus;
      return error.code() + " " + error.title();
    }
  }
}
