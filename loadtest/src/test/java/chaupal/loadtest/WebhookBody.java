package chaupal.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * Webhook bodies byte for byte as Meta sends them (reference §2, §3.1): compact JSON, non-ASCII as
 * lowercase {@code \\uXXXX}, {@code /} as {@code \/}, all ids and the timestamp as strings. Every
 * body carries a fresh wamid and the current time, so no two bodies (or signatures) are alike.
 */
final class WebhookBody {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private WebhookBody() {}

  /** A text message, e.g. the first "hi" or a complaint in the citizen's language. */
  static byte[] text(Citizen citizen, String wamid, long epochSecond, String text) {
    StringBuilder message = messageHead(citizen, wamid, epochSecond, null)
        .append(",\"type\":\"text\",\"text\":{\"body\":").append(quote(text)).append("}}");
    return envelope(citizen, message);
  }

  /** A tap on the language reply-button the bot sent, e.g. id {@code language:hi}. */
  static byte[] languageChoice(Citizen citizen, String wamid, String repliedToWamid, long epochSecond) {
    Language language = citizen.language();
    return buttonReply(citizen, wamid, repliedToWamid, epochSecond, language.buttonId(), language.buttonTitle());
  }

  /** A tap on a reply button of the bot's message {@code repliedToWamid}. */
  static byte[] buttonReply(Citizen citizen, String wamid, String repliedToWamid, long epochSecond, String id, String title) {
    return interactiveReply(citizen, wamid, repliedToWamid, epochSecond, "button_reply", id, title);
  }

  /** A pick of a row in the list of the bot's message {@code repliedToWamid}. */
  static byte[] listReply(Citizen citizen, String wamid, String repliedToWamid, long epochSecond, String id, String title) {
    return interactiveReply(citizen, wamid, repliedToWamid, epochSecond, "list_reply", id, title);
  }

  private static byte[] interactiveReply(
      Citizen citizen, String wamid, String repliedToWamid, long epochSecond, String kind, String id, String title) {
    StringBuilder message = messageHead(citizen, wamid, epochSecond, repliedToWamid)
        .append(",\"type\":\"interactive\",\"interactive\":{\"type\":\"").append(kind).append("\",\"")
        .append(kind).append("\":{\"id\":").append(quote(id)).append(",\"title\":").append(quote(title))
        .append("}}}");
    return envelope(citizen, message);
  }

  /** A shared location pin (reference §3.1: numbers for the coordinates, name and address optional). */
  static byte[] location(Citizen citizen, String wamid, long epochSecond, double latitude, double longitude, String name,
      String address) {
    StringBuilder message = messageHead(citizen, wamid, epochSecond, null).append(",\"location\":{");
    if (address != null) message.append("\"address\":").append(quote(address)).append(',');
    message.append("\"latitude\":").append(latitude).append(",\"longitude\":").append(longitude);
    if (name != null) message.append(",\"name\":").append(quote(name));
    message.append("},\"type\":\"location\"}");
    return envelope(citizen, message);
  }

  /**
   * A photo the citizen sent, stored on the (simulated) Cloud API beforehand: its media id, type and
   * base64 SHA-256. No {@code url}: the simulator signs its download URLs with a key of its own, so
   * the server fetches the photo by id, as it did before Meta added the field.
   */
  static byte[] image(Citizen citizen, String wamid, long epochSecond, String mediaId, String mimeType,
      String sha256Base64, String caption) {
    StringBuilder message = messageHead(citizen, wamid, epochSecond, null).append(",\"type\":\"image\",\"image\":{");
    if (caption != null) message.append("\"caption\":").append(quote(caption)).append(',');
    message.append("\"mime_type\":").append(quote(mimeType)).append(",\"sha256\":").append(quote(sha256Base64))
        .append(",\"id\":").append(quote(mediaId)).append("}}");
    return envelope(citizen, message);
  }

  /** The id of the (first) message in a body this class made: what the journal check looks for. */
  static String wamidOf(byte[] body) {
    try {
      return JSON.readTree(body).path("entry").path(0).path("changes").path(0).path("value").path("messages").path(0)
          .path("id").asText();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a webhook body: " + e.getMessage(), e);
    }
  }

  private static StringBuilder messageHead(Citizen citizen, String wamid, long epochSecond, String repliedToWamid) {
    StringBuilder message = new StringBuilder(256).append('{');
    if (repliedToWamid != null) {
      message.append("\"context\":{\"from\":").append(quote(citizen.channel().displayPhoneNumber()))
          .append(",\"id\":").append(quote(repliedToWamid)).append("},");
    }
    return message.append("\"from\":").append(quote(citizen.waId()))
        .append(",\"from_user_id\":").append(quote(citizen.userId()))
        .append(",\"id\":").append(quote(wamid))
        .append(",\"timestamp\":").append(quote(Long.toString(epochSecond)));
  }

  private static byte[] envelope(Citizen citizen, CharSequence message) {
    Channel channel = citizen.channel();
    String json = new StringBuilder(512 + message.length())
        .append("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":").append(quote(channel.wabaId()))
        .append(",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":")
        .append(quote(channel.displayPhoneNumber()))
        .append(",\"phone_number_id\":").append(quote(channel.phoneNumberId()))
        .append("},\"contacts\":[{\"profile\":{\"name\":").append(quote(citizen.profileName()))
        .append("},\"wa_id\":").append(quote(citizen.waId()))
        .append(",\"user_id\":").append(quote(citizen.userId()))
        .append("}],\"messages\":[").append(message)
        .append("]},\"field\":\"messages\"}]}]}")
        .toString();
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  /** A JSON string literal in Meta's escaping; the output is pure ASCII. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
