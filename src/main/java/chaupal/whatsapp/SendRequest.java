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
      startInteractive(out, "button", b.header(), b.body(), b.footer());
      out.writeObjectFieldStart("action");
      out.writeArrayFieldStart("buttons");
      for (OutgoingContent.Button button : b.buttons()) {
        out.writeStartObject();
        out.writeStringField("type", "reply");
        out.writeObjectFieldStart("reply");
        out.writeStringField("id", button.id());
        out.writeStringField("title", button.title());
        out.writeEndObject();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject(); // action
      out.writeEndObject(); // interactive
    } else if (content instanceof OutgoingContent.ListMessage l) {
      startInteractive(out, "list", l.header(), l.body(), l.footer());
      out.writeObjectFieldStart("action");
      out.writeStringField("button", l.buttonText());
      out.writeArrayFieldStart("sections");
      for (OutgoingContent.Section section : l.sections()) {
        out.writeStartObject();
        if (section.title() != null) out.writeStringField("title", section.title());
        out.writeArrayFieldStart("rows");
        for (OutgoingContent.Row row : section.rows()) {
          out.writeStartObject();
          out.writeStringField("id", row.id());
          out.writeStringField("title", row.title());
          if (row.description() != null) out.writeStringField("description", row.description());
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject(); // action
      out.writeEndObject(); // interactive
    } else if (content instanceof OutgoingContent.LocationRequest r) {
      startInteractive(out, "location_request_message", null, r.body(), null);
      out.writeObjectFieldStart("action");
      out.writeStringField("name", "send_location");
      out.writeEndObject();
      out.writeEndObject(); // interactive
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

  /** Opens {@code "interactive"} with its type, header, body and footer; the caller writes the action and closes it. */
  private static void startInteractive(JsonGenerator out, String type, String header, String body, String footer)
      throws IOException {
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
  }
}
