package chaupal.whatsapp;

/** A Cloud API call other than a send failed: what Meta said (its error, or the HTTP status) in one line. */
public final class CloudApiException extends RuntimeException {

  public CloudApiException(String message) {
    super(message);
  }
}
