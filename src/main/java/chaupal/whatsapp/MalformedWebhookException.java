package chaupal.whatsapp;

/**
 * A body that is not a Cloud API webhook at all: not JSON, not an object, no {@code entry} array.
 * The message names the problem, e.g. {@code body: not JSON at line 1, column 9}, never the body's
 * values. A bad element inside a webhook is no reason to refuse it: see {@link RejectedElement}.
 */
public final class MalformedWebhookException extends Exception {

  public MalformedWebhookException(String message) {
    super(message);
  }

  public MalformedWebhookException(String message, Throwable cause) {
    super(message, cause);
  }
}
