package chaupal.simulator.phone;

/**
 * Something a citizen sends from the simulated phone, before it becomes a webhook (Chaupal's own name for
 * the message it receives is in {@code chaupal.whatsapp} and {@code chaupal.citizen}). The simulator turns it into the webhook Meta would post
 * (reference §3.1): text, a reply-button or list-row tap quoting the business message, a location, a photo.
 */
public sealed interface PhoneMessage {

  /** The webhook {@code type}. */
  default String type() {
    if (this instanceof Text) return "text";
    if (this instanceof ButtonReply || this instanceof ListReply) return "interactive";
    if (this instanceof TemplateButton) return "button";
    if (this instanceof Location) return "location";
    return "image";
  }

  record Text(String body) implements PhoneMessage {}

  /** A tap on a reply button of the business message {@code contextWamid}. */
  record ButtonReply(String contextWamid, String id, String title) implements PhoneMessage {}

  /** A tap on a list row of the business message {@code contextWamid}; {@code description} may be empty. */
  record ListReply(String contextWamid, String id, String title, String description) implements PhoneMessage {}

  /** A tap on a template's quick-reply button: webhook type {@code button} with the payload set at send time. */
  record TemplateButton(String contextWamid, String payload, String text) implements PhoneMessage {}

  /** A shared location; {@code name} and {@code address} may be empty. */
  record Location(double latitude, double longitude, String name, String address) implements PhoneMessage {}

  /** A photo (image/jpeg or image/png); {@code caption} may be empty. */
  record Image(byte[] bytes, String mimeType, String caption) implements PhoneMessage {}

  /** A photo already in the simulator's media store (the phone page uploads first, then sends). */
  record StoredImage(String mediaId, String caption) implements PhoneMessage {}

  static PhoneMessage text(String body) {
    return new Text(body);
  }

  static PhoneMessage location(double latitude, double longitude) {
    return new Location(latitude, longitude, "", "");
  }

  static PhoneMessage image(byte[] bytes, String mimeType, String caption) {
    return new Image(bytes, mimeType, caption);
  }
}
