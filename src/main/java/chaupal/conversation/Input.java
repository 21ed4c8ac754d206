package chaupal.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a citizen sent, reduced to what the conversation needs. Type names are stable so an input
 * can be kept inside an event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Input.Text.class, name = "text"),
  @JsonSubTypes.Type(value = Input.Choice.class, name = "choice"),
  @JsonSubTypes.Type(value = Input.Location.class, name = "location"),
  @JsonSubTypes.Type(value = Input.Media.class, name = "media"),
  @JsonSubTypes.Type(value = Input.Other.class, name = "other")
})
public sealed interface Input {

  /** A typed message. */
  record Text(String body) implements Input {}

  /**
   * A tap: a reply button, a list row, or a template quick reply. {@code id} is the id or payload
   * we set when sending; {@code title} is what the citizen saw.
   */
  record Choice(String id, String title) implements Input {}

  /** A shared location; {@code name} and {@code address} may be null. */
  record Location(double latitude, double longitude, String name, String address) implements Input {}

  /** An image, document, audio, video (or sticker, if the caller prefers); {@code caption} may be null. */
  record Media(String kind, String mediaId, String mimeType, String caption) implements Input {}

  /** Anything else: sticker, reaction, contacts, order, unsupported ... by its webhook type. */
  record Other(String kind) implements Input {}
}
