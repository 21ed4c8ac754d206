package chaupal.whatsapp;

/**
 * A part of a webhook body set aside instead of refusing the whole body (which Meta would resend
 * for 7 days): a message without a usable sender, a status without a timestamp, a change for
 * which no channel can be found...
 *
 * @param path where it is in the body, e.g. {@code entry[0].changes[1].value.messages[3]}
 * @param reason what is wrong with it, e.g. {@code from is not a phone number (7 to 15 digits)}
 * @param raw the element as JSON (ASCII, at most {@link #MAX_RAW} characters), or null when it
 *     is the body's to show
 */
public record RejectedElement(String path, String reason, String raw) {

  public static final int MAX_RAW = 2_048;

  /** {@code path: reason}, as a person reads it. */
  public String describe() {
    return path + ": " + reason;
  }
}
