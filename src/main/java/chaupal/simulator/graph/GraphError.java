package chaupal.simulator.graph;

import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.MetaJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Map;

/**
 * One Graph API error as the Cloud API returns it: an HTTP status and
 * {@code {"error":{"message":"(#code) title","type":"OAuthException","code":…,"error_data":{…},"fbtrace_id":…}}}.
 */
public record GraphError(int httpStatus, int code, String title, String details, String type, String message, Integer subcode) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TRACE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** Titles and HTTP statuses from the error-code table (reference §7.2). */
  private static final Map<Integer, Known> KNOWN = Map.ofEntries(
      Map.entry(0, new Known("AuthException", 401, "We were unable to authenticate the app user.")),
      Map.entry(4, new Known("API Too Many Calls", 400, "The app has reached its API call rate limit.")),
      Map.entry(10, new Known("Permission denied", 403, "Permission is either not granted or has been removed.")),
      Map.entry(100, new Known("Invalid parameter", 400, "The request included one or more unsupported or misspelled parameters.")),
      Map.entry(190, new Known("Access token has expired", 401, "Your access token has expired.")),
      Map.entry(368, new Known("Temporarily blocked for policies violations", 403, "The WhatsApp Business Account is restricted.")),
      Map.entry(80007, new Known("Rate limit issues", 400, "The WhatsApp Business Account has reached its rate limit.")),
      Map.entry(130429, new Known("Rate limit hit", 400, "Cloud API message throughput has been reached.")),
      Map.entry(130472, new Known("User's number is part of an experiment", 400, "Failed to send message because this user's phone number is part of an experiment.")),
      Map.entry(131000, new Known("Something went wrong", 500, "Message failed to send due to an unknown error.")),
      Map.entry(131026, new Known("Message undeliverable", 400, "Message Undeliverable.")),
      Map.entry(131031, new Known("Account locked", 403, "The sender phone number has been locked.")),
      Map.entry(131047, new Known("Re-engagement message", 400, "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")),
      Map.entry(131048, new Known("Spam rate limit hit", 400, "Message failed to send because there are restrictions on how many messages can be sent from this phone number.")),
      Map.entry(131049, new Known("This message was not delivered to maintain healthy ecosystem engagement.", 400, "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.")),
      Map.entry(131050, new Known("User stopped marketing messages", 400, "The user has chosen to stop receiving marketing messages from this business.")),
      Map.entry(131052, new Known("Media download error", 400, "Unable to download the media.")),
      Map.entry(131053, new Known("Media upload error", 400, "Unable to upload the media used in the message.")),
      Map.entry(131056, new Known("(Business Account, Consumer Account) pair rate limit hit", 400, "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.")),
      Map.entry(131057, new Known("Account in maintenance mode", 500, "Business Account is in maintenance mode.")),
      Map.entry(132000, new Known("Number of parameters does not match the expected number of params", 400, "The number of parameters does not match the template.")),
      Map.entry(132015, new Known("Template is Paused", 400, "The template is paused because of low quality.")),
      Map.entry(132016, new Known("Template is Disabled", 400, "The template has been disabled.")),
      Map.entry(132001, new Known("Template name does not exist in the translation", 404, "The template does not exist in the given language.")),
      Map.entry(133010, new Known("Phone number not registered", 400, "The phone number is not registered on the WhatsApp Business Platform.")));

  private record Known(String title, int httpStatus, String details) {}

  /** An error with the table's title, and its HTTP status unless {@code httpStatus} is positive. */
  public static GraphError of(int code, int httpStatus, String details) {
    Known known = KNOWN.getOrDefault(code, new Known("Error " + code, 400, ""));
    int status = httpStatus > 0 ? httpStatus : known.httpStatus();
    String text = details == null || details.isEmpty() ? known.details() : details;
    return new GraphError(status, code, known.title(), text, "OAuthException", "(#" + code + ") " + known.title(), null);
  }

  static GraphError of(int code, String details) {
    return of(code, 0, details);
  }

  static GraphError invalidParameter(String details) {
    return of(100, 400, details);
  }

  /** Meta answers 190 without error_data and without the {@code (#190)} prefix. */
  static GraphError invalidToken(boolean present) {
    String message = present
        ? "Error validating access token: The session is invalid because the user logged out."
        : "An active access token must be used to query information about the current user.";
    return new GraphError(401, 190, "Access token has expired", "", "OAuthException", message, null);
  }

  static GraphError unknownObject(String id, String method) {
    String message = "Unsupported " + method + " request. Object with ID '" + id + "' does not exist, cannot be loaded"
        + " due to missing permissions, or does not support this operation. Please read the Graph API documentation"
        + " at https://developers.facebook.com/docs/graph-api";
    return new GraphError(400, 100, "Invalid parameter", "", "GraphMethodException", message, 33);
  }

  ApiError apiError() {
    return new ApiError(code, title, title, details);
  }

  /** The {@code errors[]} element of a failed status webhook. */
  public ObjectNode webhookError() {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("code", code).put("title", title).put("message", title);
    e.putObject("error_data").put("details", details);
    e.put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
    return e;
  }

  byte[] body() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message).put("type", type).put("code", code);
    if (!details.isEmpty()) {
      error.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
    }
    if (subcode != null) error.put("error_subcode", subcode);
    error.put("fbtrace_id", traceId());
    return MetaJson.write(root);
  }

  private static String traceId() {
    StringBuilder b = new StringBuilder(23);
    for (int i = 0; i < 23; i++) b.append(TRACE_CHARS.charAt(RANDOM.nextInt(TRACE_CHARS.length())));
    return b.toString();
  }
}
