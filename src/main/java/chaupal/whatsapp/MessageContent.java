package chaupal.whatsapp;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * What a citizen sent, one record per Cloud API message type. Plain data, safe to carry in Akka
 * messages and events: the {@code @type} names below are stored and must never change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MessageContent.Text.class, name = "text"),
  @JsonSubTypes.Type(value = MessageContent.ButtonReply.class, name = "button_reply"),
  @JsonSubTypes.Type(value = MessageContent.ListReply.class, name = "list_reply"),
  @JsonSubTypes.Type(value = MessageContent.FlowReply.class, name = "flow_reply"),
  @JsonSubTypes.Type(value = MessageContent.TemplateButton.class, name = "template_button"),
  @JsonSubTypes.Type(value = MessageContent.Media.class, name = "media"),
  @JsonSubTypes.Type(value = MessageContent.Location.class, name = "location"),
  @JsonSubTypes.Type(value = MessageContent.Contacts.class, name = "contacts"),
  @JsonSubTypes.Type(value = MessageContent.Reaction.class, name = "reaction"),
  @JsonSubTypes.Type(value = MessageContent.Order.class, name = "order"),
  @JsonSubTypes.Type(value = MessageContent.System.class, name = "system"),
  @JsonSubTypes.Type(value = MessageContent.Unsupported.class, name = "unsupported"),
  @JsonSubTypes.Type(value = MessageContent.Unknown.class, name = "unknown")
})
public sealed interface MessageContent {

  /** {@code type: text}. */
  record Text(String body) implements MessageContent {}

  /** A tap on a reply button we sent ({@code interactive.button_reply}). */
  record ButtonReply(String id, String title) implements MessageContent {}

  /** A tap on a list row we sent ({@code interactive.list_reply}); description is null if the row had none. */
  record ListReply(String id, String title, String description) implements MessageContent {}

  /** A completed WhatsApp Flow ({@code interactive.nfm_reply}); {@code responseJson} is the JSON string as sent. */
  record FlowReply(String name, String body, String responseJson) implements MessageContent {}

  /** A tap on a template quick-reply button ({@code type: button}): our payload and the label. */
  record TemplateButton(String payload, String text) implements MessageContent {}

  /**
   * image, document, audio, video or sticker. {@code url} needs the access token and expires;
   * {@code mediaId} does not (7 days). {@code voice} marks voice notes, {@code animated} stickers.
   */
  record Media(
      String kind,
      String mediaId,
      String mimeType,
      String sha256,
      String url,
      String caption,
      String filename,
      boolean voice,
      boolean animated)
      implements MessageContent {

    public static final List<String> KINDS = List.of("image", "document", "audio", "video", "sticker");
  }

  record Location(double latitude, double longitude, String name, String address, String url)
      implements MessageContent {}

  /** Contact cards the citizen shared. */
  record Contacts(List<SharedContact> contacts) implements MessageContent {
    public Contacts {
      contacts = List.copyOf(contacts);
    }
  }

  /** One shared card: the display name and its phone numbers as written on the card. */
  record SharedContact(String formattedName, List<String> phones) {
    public SharedContact {
      phones = List.copyOf(phones);
    }
  }

  /** A reaction to one of our messages; {@code emoji} is null when the citizen removed it. */
  record Reaction(String messageId, String emoji) implements MessageContent {
    public Reaction {
      Objects.requireNonNull(messageId, "messageId");
    }
  }

  /** A catalog cart; {@code itemCount} is the number of product lines. */
  record Order(String catalogId, String text, int itemCount) implements MessageContent {}

  /** A notice from WhatsApp itself, e.g. {@code user_changed_number} with the new wa_id. */
  record System(String kind, String body, String newWaId) implements MessageContent {}

  /** A message WhatsApp could not pass on (edit, poll ...); {@code kind} may be null on older payloads. */
  record Unsupported(String kind, int errorCode) implements MessageContent {}

  /** A type this code does not know yet; kept so the message is still acknowledged and counted. */
  record Unknown(String type) implements MessageContent {}
}
