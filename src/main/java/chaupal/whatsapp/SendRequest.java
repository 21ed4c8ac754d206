package chaupal.whatsapp;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes the body of {@code POST /{phoneNumberId}/messages} for one {@link OutgoingMessage} (reference §5),
 * streamed field by field in Meta's escaping ({@link MetaJson}), once for every send.
 */
public final class SendRequest {

  /** Meta's limit on {@code biz_opaque_callback_data}. */
  public static final int MAX_CALLBACK_DATA = 512;

  private SendRequest() {}

  public static byte[] json(OutgoingMessage message) {
    return json(message, null);
  }

  /**
   * With {@code biz_opaque_callback_data}, which Meta echoes in every status webhook of the message
   * (at most {@link #MAX_CALLBACK_DATA} characters; null for none).
   */
  public static byte[] json(OutgoingMessage message, String callbackData) {
    if (callbackData != null && callbackData.length() > MAX_CALLBACK_DATA) {
      throw new IllegalArgumentException("biz_opaque_callback_data is longer than " + MAX_CALLBACK_DATA + " characters");
    }
    return MetaJson.stream(out -> write(out, message, callbackData));
  }

  private static void write(JsonGenerator out, OutgoingMessage message, String callbackData) throws IOException {
    OutgoingContent content = message.content();
    out.writeStartObject();
    out.writeStringField("messaging_product", "whatsapp");
    out.writeStringField("recipient_type", "individual");
    out.writeStringField(message.businessScoped() ? "recipient" : "to", message.to());
    if (callbackData != null) out.writeStringField("biz_opaque_callback_data", callbackData);
    if (message.contextWamid() != null) {
      out.writeObjectFieldStart("context");
      out.writeStringField("message_id", message.contextWamid());
      out.writeEndObject();
    }
    if (content instanceof OutgoingContent.Text t) {
      out.writeStringField("type", "text");
      out.writeObjectFieldStart("text");
      out.writeBooleanField("preview_url", t.previewUrl());
      out.writeStringField("body", t.body());
      out.writeEndObject();
    } else if (content instanceof OutgoingContent.ReplyButtons b) {
      interactive(out, "button", b.header(), b.body(), b.footer(), action -> {
        action.writeArrayFieldStart("buttons");
        for (OutgoingContent.Button button : b.buttons()) {
          action.writeStartObject();
          action.writeStringField("type", "reply");
          action.writeObjectFieldStart("reply");
          action.writeStringField("id", button.id());
          action.writeStringField("title", button.title());
          action.writeEndObject();
          action.writeEndObject();
        }
        action.writeEndArray();
      });
    } else if (content instanceof OutgoingContent.ListMessage l) {
      interactive(out, "list", l.header(), l.body(), l.footer(), action -> {
        action.writeStringField("button", l.buttonText());
        action.writeArrayFieldStart("sections");
        for (OutgoingContent.Section section : l.sections()) {
          action.writeStartObject();
          if (section.title() != null) action.writeStringField("title", section.title());
          action.writeArrayFieldStart("rows");
          for (OutgoingContent.Row row : section.rows()) {
            action.writeStartObject();
            action.writeStringField("id", row.id());
            action.writeStringField("title", row.title());
            if (row.description() != null) action.writeStringField("description", row.description());
            action.writeEndObject();
          }
          action.writeEndArray();
          action.writeEndObject();
        }
        action.writeEndArray();
      });
    } else if (content instanceof OutgoingContent.LocationRequest r) {
      interactive(out, "location_request_message", null, r.body(), null,
          action -> action.writeStringField("name", "send_location"));
    } else if (content instanceof OutgoingContent.Template t) {
      out.writeStringField("type", "template");
      out.writeObjectFieldStart("template");
      out.writeStringField("name", t.name());
      out.writeObjectFieldStart("language");
      out.writeStringField("code", t.languageCode());
      out.writeEndObject();
      if (!t.bodyParameters().isEmpty()) {
        out.writeArrayFieldStart("components");
        out.writeStartObject();
        out.writeStringField("type", "body");
        out.writeArrayFieldStart("parameters");
        for (String p : t.bodyParameters()) {
          out.writeStartObject();
          out.writeStringField("type", "text");
          out.writeStringField("text", p);
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndArray();
      }
      out.writeEndObject(); // template
    } else if (content instanceof OutgoingContent.Media m) {
      out.writeStringField("type", m.kind());
      out.writeObjectFieldStart(m.kind());
      if (m.mediaIdOrNull() != null) out.writeStringField("id", m.mediaIdOrNull());
      else out.writeStringField("link", m.linkOrNull());
      if (m.caption() != null) out.writeStringField("caption", m.caption());
      if (m.filename() != null) out.writeStringField("filename", m.filename());
      out.writeEndObject();
    } else {
      throw new IllegalArgumentException("no wire shape for " + content.getClass().getSimpleName());
    }
    out.writeEndObject();
  }

  /** Writes {@code "interactive"}: its type, header, body and footer, then the {@code "action"} object that {@code action} fills. */
  private static void interactive(JsonGenerator out, String type, String header, String body, String footer,
      MetaJson.Body action) throws IOException {
    out.writeStringField("type", "interactive");
    out.writeObjectFieldStart("interactive");
    out.writeStringField("type", type);
    if (header != null) {
      out.writeObjectFieldStart("header");
      out.writeStringField("type", "text");
      out.writeStringField("text", header);
      out.writeEndObject();
    }
    out.writeObjectFieldStart("body");
    out.writeStringField("text", body);
    out.writeEndObject();
    if (footer != null) {
      out.writeObjectFieldStart("footer");
      out.writeStringField("text", footer);
      out.writeEndObject();
    }
    out.writeObjectFieldStart("action");
    action.writeTo(out);
    out.writeEndObject();
    out.writeEndObject();
  }
}
