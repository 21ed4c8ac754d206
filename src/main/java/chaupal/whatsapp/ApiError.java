package chaupal.whatsapp;

/**
 * A Cloud API error object, as returned synchronously ({@code {"error":{...}}}) or inside webhooks
 * ({@code errors[]}). Logic keys on {@link #code} and {@link #details}, never on titles.
 */
public record ApiError(int code, String title, String message, String details) {

  public ApiError {
    title = title == null ? "" : title;
    message = message == null ? title : message;
    details = details == null ? "" : details;
  }
}
