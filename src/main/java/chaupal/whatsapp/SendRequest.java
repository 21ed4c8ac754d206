package chaupal.whatsapp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the body of {@code POST /{phoneNumberId}/messages} for one {@link OutgoingMessage} (reference §5). */
public final class SendRequest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
    ObjectNode root = JSON.objectNode();
    root.put("messaging_product", "whatsapp");
    root.put("recipient_type", "individual");
    root.put(message.businessScoped() ? "recipient" : "to", message.to());
    if (callbackData != null) root.put("biz_opaque_callback_data", callbackData);
    if (message.contextWamid() != null) {
      root.putObject("context").put("message_id", message.contextWamid());
    }
    OutgoingContent content = message.content();
    if (content instanceof OutgoingContent.Text t) {
      root.put("type", "text");
      root.putObject("text").put("preview_url", t.previewUrl()).put("body", t.body());
    } else if (content instanceof OutgoingContent.ReplyButtons b) {
      ObjectNode interactive = interactive(root, "button", b.header(), b.body(), b.footer());
      ArrayNode buttons = interactive.putObject("action").putArray("buttons");
      for (OutgoingContent.Button button : b.buttons()) {
        buttons.addObject().put("type", "reply").putObject("reply").put("id", button.id()).put("title", button.title());
      }
    } else if (content instanceof OutgoingContent.ListMessage l) {
      ObjectNode action = interactive(root, "list", l.header(), l.body(), l.footer()).putObject("action");
      action.put("button", l.buttonText());
      ArrayNode sections = action.putArray("sections");
      for (OutgoingContent.Section s : l.sections()) {
        ObjectNode section = sections.addObject();
        if (s.title() != null) section.put("title", s.title());
        ArrayNode rows = section.putArray("rows");
        for (OutgoingContent.Row r : s.rows()) {
          ObjectNode row = rows.addObject().put("id", r.id()).put("title", r.title());
          if (r.description() != null) row.put("description", r.description());
        }
      }
    } else if (content instanceof OutgoingContent.LocationRequest r) {
      interactive(root, "location_request_message", null, r.body(), null)
          .putObject("action").put("name", "send_location");
    } else if (content instanceof OutgoingContent.Template t) {
      root.put("type", "template");
      ObjectNode template = root.putObject("template").put("name", t.name());
      template.putObject("language").put("code", t.languageCode());
      if (!t.bodyParameters().isEmpty()) {
        ObjectNode body = template.putArray("components").addObject().put("type", "body");
        ArrayNode parameters = body.putArray("parameters");
        for (String p : t.bodyParameters()) parameters.addObject().put("type", "text").put("text", p);
      }
    } else if (content instanceof OutgoingContent.Media m) {
      root.put("type", m.kind());
      ObjectNode media = root.putObject(m.kind());
      if (m.mediaIdOrNull() != null) media.put("id", m.mediaIdOrNull());
      else media.put("link", m.linkOrNull());
      if (m.caption() != null) media.put("caption", m.caption());
      if (m.filename() != null) media.put("filename", m.filename());
    } else {
      throw new IllegalArgumentException("no wire shape for " + content.getClass().getSimpleName());
    }
    return MetaJson.write(root);
  }

  private static ObjectNode interactive(ObjectNode root, String type, String header, String body, String footer) {
    root.put("type", "interactive");
    ObjectNode interactive = root.putObject("interactive").put("type", type);
    if (header != null) interactive.putObject("header").put("type", "text").put("text", header);
    interactive.putObject("body").put("text", body);
    if (footer != null) interactive.putObject("footer").put("text", footer);
    return interactive;
  }
}
