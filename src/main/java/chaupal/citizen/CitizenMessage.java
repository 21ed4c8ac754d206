package chaupal.citizen;

import chaupal.CborSerializable;

/**
 * One message a citizen sent, as the entity keeps it: flat and stable, because it is stored in
 * the journal and read forever. It is made from Meta's wire form ({@code whatsapp.InboundMessage},
 * by {@code ingress.CitizenMessages}) and read by a flow as an {@code conversation.Input}. {@code kind} is the Cloud API message type (text, interactive,
 * button, image, location …); the other fields are filled as that type has them.
 */
public record CitizenMessage(
    String wamid,
    String channelId,
    long sentAtEpochSecond,
    String kind,
    String text,
    String choiceId,
    String choiceTitle,
    Double latitude,
    Double longitude,
    String placeName,
    String placeAddress,
    String mediaId,
    String mimeType,
    String caption,
    String profileName)
    implements CborSerializable {

  /** Without the sender's profile name (messages written before it, and tests). */
  public CitizenMessage(String wamid, String channelId, long sentAtEpochSecond, String kind, String text, String choiceId,
      String choiceTitle, Double latitude, Double longitude, String placeName, String placeAddress, String mediaId,
      String mimeType, String caption) {
    this(wamid, channelId, sentAtEpochSecond, kind, text, choiceId, choiceTitle, latitude, longitude, placeName, placeAddress,
        mediaId, mimeType, caption, null);
  }

  /**
   * The same message with the name on the sender's WhatsApp profile (the webhook's contacts[].profile.name):
   * the conversation offers it instead of asking for a name. At most {@link #PROFILE_NAME_MAX} characters are kept.
   */
  public CitizenMessage withProfileName(String name) {
    String kept = name == null || name.isBlank() ? null : name.length() > PROFILE_NAME_MAX ? name.substring(0, PROFILE_NAME_MAX) : name;
    return new CitizenMessage(wamid, channelId, sentAtEpochSecond, kind, text, choiceId, choiceTitle, latitude, longitude,
        placeName, placeAddress, mediaId, mimeType, caption, kept);
  }

  static final int PROFILE_NAME_MAX = 100;

  public static CitizenMessage text(String wamid, String channelId, long sentAt, String body) {
    return new CitizenMessage(wamid, channelId, sentAt, "text", body, null, null, null, null, null, null, null, null, null);
  }

  /** A tapped reply button, list row or template quick-reply button. */
  public static CitizenMessage choice(String wamid, String channelId, long sentAt, String kind, String id, String title) {
    return new CitizenMessage(wamid, channelId, sentAt, kind, null, id, title, null, null, null, null, null, null, null);
  }

  public static CitizenMessage location(String wamid, String channelId, long sentAt, double lat, double lon, String name, String address) {
    return new CitizenMessage(wamid, channelId, sentAt, "location", null, null, null, lat, lon, name, address, null, null, null);
  }

  public static CitizenMessage media(String wamid, String channelId, long sentAt, String kind, String mediaId, String mimeType, String caption) {
    return new CitizenMessage(wamid, channelId, sentAt, kind, null, null, null, null, null, null, null, mediaId, mimeType, caption);
  }

  /** Anything the conversation has no use for (reaction, sticker, unsupported, order …). */
  public static CitizenMessage other(String wamid, String channelId, long sentAt, String kind) {
    return new CitizenMessage(wamid, channelId, sentAt, kind, null, null, null, null, null, null, null, null, null, null);
  }
}
