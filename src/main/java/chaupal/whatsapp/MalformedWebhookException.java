package chaupal.whatsapp;

/**
 * A webhook body that cannot be read as a Cloud API notification. The message names the place and
 * the problem, e.g. {@code entry[0].changes[1].value.messages[0]: missing id}, so that whoever reads
 * the log can find the offending field in the stored body.
 */
public final class MalformedWebhookException extends Exception {

  public MalformedWebhookException(String message) {
    super(message);
  }

  public MalformedWebhookException(String message, Throwable cause) {
    super(message, cause);
  }
}
