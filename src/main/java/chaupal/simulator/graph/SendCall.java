package chaupal.simulator.graph;

import chaupal.simulator.BusinessNumber;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A send as the Graph API received it: one {@code POST /messages} call from Chaupal (not to be confused
 * with {@code chaupal.whatsapp.SendRequest}, which builds such a call), its body checked the way the Cloud API checks it (reference §5). The limits are
 * Meta's: 3 reply buttons with titles up to 20 characters, 10 list rows, 4096 characters of text...
 * A body that breaks one becomes {@link Invalid} with a details text naming the parameter.
 */
record SendCall(String to, String recipient, String type, JsonNode body) {

  private static final Set<String> TYPES = Set.of("text", "image", "audio", "video", "document", "sticker",
      "location", "contacts", "reaction", "template", "interactive");
  private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");
  private static final Set<String> INTERACTIVE = Set.of("button", "list", "cta_url", "location_request_message",
      "flow", "product", "product_list", "catalog_message", "address_message", "call_permission_request");

  /** A body Meta would refuse with {@code (#100) Invalid parameter}. */
  static final class Invalid extends RuntimeException {
    Invalid(String details) {
      super(details, null, false, false);
    }
  }

  boolean isTemplate() {
    return type.equals("template");
  }

  /**
   * Why Meta would refuse this template send for {@code number}, given the account's template of this
   * name and language ({@code ofAccount}): 132001 for a name and language code it does not have, 132000 for a body parameter count that differs from the approved one.
   */
  String templateName() {
    return body.get("template").get("name").asText();
  }

  String templateLanguage() {
    return body.get("template").get("language").get("code").asText();
  }

  Optional<GraphError> templateRefusal(BusinessNumber number, Optional<BusinessNumber.Template> ofAccount) {
    if (!isTemplate() || number.templates().isEmpty()) return Optional.empty();
    JsonNode template = body.get("template");
    String name = template.get("name").asText();
    String code = template.get("language").get("code").asText();
    // The account's templates: the number's own and the marketing ones every simulated account has.
    Optional<BusinessNumber.Template> approved = ofAccount;
    if (approved.isEmpty()) {
      return Optional.of(GraphError.of(132001, "template name (" + name + ") does not exist in " + code));
    }
    int given = 0;
    for (JsonNode component : template.path("components")) {
      if ("body".equals(component.path("type").asText())) given += component.path("parameters").size();
    }
    int expected = approved.get().bodyParameters();
    if (given != expected) {
      return Optional.of(GraphError.of(132000,
          "body: number of localizable_params (" + given + ") does not match the expected number of params (" + expected + ")"));
    }
    return Optional.empty();
  }

  /** Checks a message send; {@code mediaExists} says whether a media id was uploaded. */
  static SendCall parse(JsonNode body, Predicate<String> mediaExists) {
    if (body == null || !body.isObject()) throw new Invalid("The request body must be a JSON object.");
    if (!body.hasNonNull("messaging_product")) throw new Invalid("The parameter messaging_product is required.");
    if (!"whatsapp".equals(body.get("messaging_product").asText())) {
      throw new Invalid("Param messaging_product must be one of {WHATSAPP} - got \"" + body.get("messaging_product").asText() + "\".");
    }
    JsonNode recipientType = body.get("recipient_type");
    if (recipientType != null && !"individual".equals(recipientType.asText())) {
      throw new Invalid("Param recipient_type must be individual: the simulator has no groups.");
    }
    // A citizen is named by phone number in "to", by business-scoped user id in "recipient", or both.
    String recipient = body.has("recipient") ? requiredText(body, "recipient", 0, null) : null;
    String to = body.has("to") || recipient == null ? requiredText(body, "to", 0, null) : null;
    String type = body.hasNonNull("type") ? body.get("type").asText() : "text";
    if (!TYPES.contains(type)) throw new Invalid("Param type must be one of " + new java.util.TreeSet<>(TYPES) + " - got \"" + type + "\".");
    JsonNode context = body.get("context");
    if (context != null) requiredText(object(context, "context"), "message_id", 0, "context");
    JsonNode opaque = body.get("biz_opaque_callback_data");
    if (opaque != null && (!opaque.isTextual() || length(opaque.asText()) > 512)) {
      throw new Invalid("Param biz_opaque_callback_data must be a string of at most 512 characters.");
    }
    if (type.equals("contacts")) {
      contacts(body.get("contacts"));
      return new SendCall(to, recipient, type, body);
    }
    JsonNode content = object(body.get(type), type);
    switch (type) {
      case "text" -> text(content);
      case "location" -> location(content);
      case "reaction" -> requiredText(content, "message_id", 0, "reaction");
      case "template" -> template(content);
      case "interactive" -> interactive(content, mediaExists);
      default -> media(type, content, mediaExists);
    }
    return new SendCall(to, recipient, type, body);
  }

  private static void text(JsonNode text) {
    requiredText(text, "body", 4096, "text");
    JsonNode preview = text.get("preview_url");
    if (preview != null && !preview.isBoolean()) throw new Invalid("Param text['preview_url'] must be a boolean.");
  }

  private static void location(JsonNode location) {
    coordinate(location, "latitude", 90);
    coordinate(location, "longitude", 180);
    optionalText(location, "name", 1000, "location");
    optionalText(location, "address", 1000, "location");
  }

  private static void coordinate(JsonNode location, String field, double bound) {
    JsonNode value = location.get(field);
    if (value == null || !value.isNumber() || Math.abs(value.asDouble()) > bound) {
      throw new Invalid("Param location['" + field + "'] must be a number between -" + (int) bound + " and " + (int) bound + ".");
    }
  }

  private static void contacts(JsonNode contacts) {
    if (contacts == null || !contacts.isArray() || contacts.isEmpty()) {
      throw new Invalid("Param contacts is required and must be a non-empty array.");
    }
    for (JsonNode contact : contacts) {
      requiredText(object(object(contact, "contacts[]").get("name"), "contacts[]['name']"), "formatted_name", 0, "contacts[]['name']");
    }
  }

  private static void media(String type, JsonNode media, Predicate<String> mediaExists) {
    boolean hasId = media.hasNonNull("id");
    boolean hasLink = media.hasNonNull("link");
    if (hasId == hasLink) throw new Invalid("Param " + type + " must have exactly one of 'id' or 'link'.");
    if (hasId && !mediaExists.test(media.get("id").asText())) {
      throw new Invalid("Param " + type + "['id'] is not a valid whatsapp business account media attachment ID");
    }
    if (hasLink && !media.get("link").asText().matches("(?i)https?://\\S+")) {
      throw new Invalid("Param " + type + "['link'] must be a valid URL.");
    }
    if (media.has("caption")) {
      if (type.equals("audio") || type.equals("sticker")) throw new Invalid("Param " + type + "['caption'] is not allowed for " + type + ".");
      optionalText(media, "caption", 1024, type);
    }
    if (media.has("filename") && !type.equals("document")) throw new Invalid("Param " + type + "['filename'] is only allowed for documents.");
  }

  private static void template(JsonNode template) {
    requiredText(template, "name", 512, "template");
    requiredText(object(template.get("language"), "template['language']"), "code", 15, "template['language']");
    JsonNode components = template.get("components");
    if (components == null) return;
    if (!components.isArray()) throw new Invalid("Param template['components'] must be an array.");
    for (JsonNode component : components) {
      String kind = requiredText(object(component, "template['components'][]"), "type", 0, "template['components'][]");
      if (!Set.of("header", "body", "footer", "button", "carousel", "limited_time_offer").contains(kind)) {
        throw new Invalid("Param template['components'][]['type'] is invalid: \"" + kind + "\".");
      }
      if (kind.equals("button")) requiredText(component, "sub_type", 0, "template['components'][]");
      JsonNode parameters = component.get("parameters");
      if (parameters != null) {
        if (!parameters.isArray()) throw new Invalid("Param template['components'][]['parameters'] must be an array.");
        for (JsonNode p : parameters) requiredText(object(p, "parameters[]"), "type", 0, "template['components'][]['parameters'][]");
      }
    }
  }

  private static void interactive(JsonNode interactive, Predicate<String> mediaExists) {
    String kind = requiredText(interactive, "type", 0, "interactive");
    if (!INTERACTIVE.contains(kind)) throw new Invalid("Param interactive['type'] is invalid: \"" + kind + "\".");
    JsonNode footer = interactive.get("footer");
    if (footer != null) requiredText(object(footer, "interactive['footer']"), "text", 60, "interactive['footer']");
    JsonNode header = interactive.get("header");
    if (header != null) header(object(header, "interactive['header']"), kind, mediaExists);
    int bodyLimit = kind.equals("list") ? 4096 : 1024;
    JsonNode body = interactive.get("body");
    if (Set.of("button", "list", "cta_url", "location_request_message").contains(kind) || body != null) {
      requiredText(object(body, "interactive['body']"), "text", bodyLimit, "interactive['body']");
    }
    JsonNode action = interactive.get("action");
    switch (kind) {
      case "button" -> buttons(object(action, "interactive['action']"));
      case "list" -> list(object(action, "interactive['action']"));
      case "cta_url" -> {
        JsonNode parameters = object(object(action, "interactive['action']").get("parameters"), "interactive['action']['parameters']");
        requiredText(parameters, "display_text", 20, "interactive['action']['parameters']");
        if (!requiredText(parameters, "url", 2000, "interactive['action']['parameters']").matches("(?i)https?://\\S+")) {
          throw new Invalid("Param interactive['action']['parameters']['url'] must be a valid URL.");
        }
      }
      case "location_request_message" -> {
        if (!"send_location".equals(object(action, "interactive['action']").path("name").asText())) {
          throw new Invalid("Param interactive['action']['name'] must be send_location.");
        }
      }
      default -> object(action, "interactive['action']");
    }
  }

  private static void header(JsonNode header, String kind, Predicate<String> mediaExists) {
    String headerType = requiredText(header, "type", 0, "interactive['header']");
    boolean allowed = kind.equals("list") ? headerType.equals("text")
        : Set.of("text", "image", "video", "document").contains(headerType);
    if (!allowed) throw new Invalid("Param interactive['header']['type'] \"" + headerType + "\" is not allowed for " + kind + " messages.");
    if (headerType.equals("text")) requiredText(header, "text", 60, "interactive['header']");
    else media(headerType, object(header.get(headerType), "interactive['header']['" + headerType + "']"), mediaExists);
  }

  private static void buttons(JsonNode action) {
    JsonNode buttons = action.get("buttons");
    if (buttons == null || !buttons.isArray() || buttons.isEmpty() || buttons.size() > 3) {
      throw new Invalid("Param interactive['action']['buttons'] must have between 1 and 3 buttons.");
    }
    Set<String> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (JsonNode button : buttons) {
      String where = "interactive['action']['buttons'][]";
      if (!"reply".equals(object(button, where).path("type").asText())) throw new Invalid("Param " + where + "['type'] must be reply.");
      JsonNode reply = object(button.get("reply"), where + "['reply']");
      if (!ids.add(requiredText(reply, "id", 256, where + "['reply']"))) {
        throw new Invalid("Param " + where + "['reply']['id'] must be unique: \"" + reply.get("id").asText() + "\" is repeated.");
      }
      if (!titles.add(requiredText(reply, "title", 20, where + "['reply']"))) {
        throw new Invalid("Param " + where + "['reply']['title'] must be unique: \"" + reply.get("title").asText() + "\" is repeated.");
      }
    }
  }

  private static void list(JsonNode action) {
    requiredText(action, "button", 20, "interactive['action']");
    JsonNode sections = action.get("sections");
    if (sections == null || !sections.isArray() || sections.isEmpty() || sections.size() > 10) {
      throw new Invalid("Param interactive['action']['sections'] must have between 1 and 10 sections.");
    }
    Set<String> ids = new HashSet<>();
    int rowCount = 0;
    for (JsonNode section : sections) {
      String where = "interactive['action']['sections'][]";
      object(section, where);
      if (sections.size() > 1 || section.has("title")) requiredText(section, "title", 24, where);
      JsonNode rows = section.get("rows");
      if (rows == null || !rows.isArray() || rows.isEmpty()) throw new Invalid("Param " + where + "['rows'] must have at least 1 row.");
      for (JsonNode row : rows) {
        rowCount++;
        object(row, where + "['rows'][]");
        if (!ids.add(requiredText(row, "id", 200, where + "['rows'][]"))) {
          throw new Invalid("Param " + where + "['rows'][]['id'] must be unique: \"" + row.get("id").asText() + "\" is repeated.");
        }
        requiredText(row, "title", 24, where + "['rows'][]");
        optionalText(row, "description", 72, where + "['rows'][]");
      }
    }
    if (rowCount > 10) throw new Invalid("Param interactive['action']['sections'] must have at most 10 rows in total - got " + rowCount + ".");
  }

  private static JsonNode object(JsonNode node, String where) {
    if (node == null || !node.isObject()) throw new Invalid("Param " + where + " is required and must be an object.");
    return node;
  }

  /** A non-empty string of at most {@code max} characters (0: no limit). */
  private static String requiredText(JsonNode parent, String field, int max, String where) {
    String name = where == null ? field : where + "['" + field + "']";
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new Invalid("Param " + name + " is required and must be a non-empty string.");
    }
    checkLength(value.asText(), max, name);
    return value.asText();
  }

  private static void optionalText(JsonNode parent, String field, int max, String where) {
    JsonNode value = parent.get(field);
    if (value == null) return;
    String name = where + "['" + field + "']";
    if (!value.isTextual()) throw new Invalid("Param " + name + " must be a string.");
    checkLength(value.asText(), max, name);
  }

  private static void checkLength(String text, int max, String name) {
    if (max > 0 && length(text) > max) {
      throw new Invalid("Param " + name + " must be at most " + max + " characters long - got " + length(text) + ".");
    }
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
