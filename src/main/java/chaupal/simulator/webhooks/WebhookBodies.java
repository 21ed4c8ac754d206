package chaupal.simulator.webhooks;

import chaupal.simulator.BusinessNumber;
import chaupal.simulator.phone.Conversation;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.UserIds;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;

/** Webhook bodies shaped like Meta's (reference §3): the envelope, citizen messages and statuses. */
public final class WebhookBodies {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WebhookBodies() {}

  /** {@code object/entry[id]/changes[field=messages]/value{messaging_product, metadata}}; returns the root. */
  static ObjectNode envelope(String wabaId, BusinessNumber number, java.util.function.Consumer<ObjectNode> fillValue) {
    ObjectNode root = JSON.objectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode entry = root.putArray("entry").addObject();
    entry.put("id", wabaId);
    ObjectNode change = entry.putArray("changes").addObject();
    ObjectNode value = change.putObject("value");
    value.put("messaging_product", "whatsapp");
    value.putObject("metadata")
        .put("display_phone_number", number.displayDigits())
        .put("phone_number_id", number.phoneNumberId());
    fillValue.accept(value);
    change.put("field", "messages");
    return root;
  }

  /**
   * Meta's {@code user_preferences} webhook (templates reference §3): the citizen stopped, or resumed, the
   * business's marketing messages in WhatsApp's "Offers and announcements" setting.
   */
  public static ObjectNode userPreference(String wabaId, BusinessNumber number, String waId, boolean stop, long epochSeconds) {
    ObjectNode root = envelope(wabaId, number, value -> {
      value.putArray("contacts").addObject().put("wa_id", waId);
      value.putArray("user_preferences").addObject().put("wa_id", waId)
          .put("detail", "User requested to " + (stop ? "stop" : "resume") + " marketing messages")
          .put("category", "marketing_messages")
          .put("value", stop ? "stop" : "resume")
          .put("timestamp", epochSeconds);
    });
    ((ObjectNode) root.path("entry").path(0).path("changes").path(0)).put("field", "user_preferences");
    return root;
  }

  /**
   * The template webhook Meta posts when a template's status, quality or category changes (templates
   * reference §2.6): {@code field} is message_template_status_update, message_template_quality_update
   * or template_category_update; {@code value} is filled by the caller; no phone number, no messages.
   */
  public static ObjectNode template(String wabaId, long epochSeconds, String field, String name, String language,
      java.util.function.Consumer<ObjectNode> fillValue) {
    ObjectNode root = JSON.objectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode entry = root.putArray("entry").addObject();
    entry.put("id", wabaId);
    entry.put("time", epochSeconds);
    ObjectNode change = entry.putArray("changes").addObject();
    ObjectNode value = change.putObject("value");
    value.put("message_template_id", Math.abs((long) (wabaId + name + language).hashCode()));
    value.put("message_template_name", name);
    value.put("message_template_language", language);
    fillValue.accept(value);
    change.put("field", field);
    return root;
  }

  /**
   * A citizen's message: {@code contacts[{profile{name},wa_id}]} and {@code messages[message]}. A citizen
   * known only by a business-scoped user id (one who adopted a username) has {@code user_id} instead of
   * {@code wa_id}, as Meta sends it when no phone-number condition holds.
   */
  public static ObjectNode citizenMessage(String wabaId, BusinessNumber number, String waId, String profileName, ObjectNode message) {
    return envelope(wabaId, number, value -> {
      ObjectNode contact = value.putArray("contacts").addObject();
      contact.putObject("profile").put("name", profileName);
      contact.put(UserIds.isBusinessScoped(waId) ? "user_id" : "wa_id", waId);
      value.putArray("messages").add(message);
    });
  }

  /** The {@code messages[]} element: {@code from} (or {@code from_user_id}), {@code id, timestamp, type} and the type's object. */
  public static ObjectNode message(String waId, String wamid, long epochSeconds, String type) {
    ObjectNode m = JSON.objectNode();
    m.put(UserIds.isBusinessScoped(waId) ? "from_user_id" : "from", waId).put("id", wamid).put("timestamp", Long.toString(epochSeconds)).put("type", type);
    return m;
  }

  /** {@code context{from, id}}: which business message a tap answers. */
  public static void context(ObjectNode message, BusinessNumber number, String businessWamid) {
    message.putObject("context").put("from", number.displayDigits()).put("id", businessWamid);
  }

  /**
   * One status of a business message (reference §3.2). {@code pricing} comes with {@code sent} and
   * {@code delivered}; {@code conversation} only for API versions before v24.0, as Meta dropped it there;
   * {@code errors} only with {@code failed}.
   */
  static ObjectNode status(String wabaId, BusinessNumber number, Conversation.Entry message, String waId,
                           DeliveryStatus status, long epochSeconds, boolean windowOpen) {
    return statuses(wabaId, number, java.util.List.of(statusOf(message, waId, status, epochSeconds, windowOpen)));
  }

  /** Several statuses of one business number in one webhook, as Meta aggregates them (up to 1,000 updates a POST). */
  static ObjectNode statuses(String wabaId, BusinessNumber number, java.util.List<ObjectNode> statuses) {
    return envelope(wabaId, number, value -> value.putArray("statuses").addAll(statuses));
  }

  /** One element of a webhook's {@code statuses}. */
  static ObjectNode statusOf(Conversation.Entry message, String waId, DeliveryStatus status, long epochSeconds, boolean windowOpen) {
    ObjectNode s = JSON.objectNode();
    s.put("id", message.wamid).put("status", status.wireName()).put("timestamp", Long.toString(epochSeconds))
        .put(UserIds.isBusinessScoped(waId) ? "recipient_user_id" : "recipient_id", waId);
    String opaque = message.body.path("biz_opaque_callback_data").asText("");
    if (!opaque.isEmpty()) s.put("biz_opaque_callback_data", opaque);
    if (status == DeliveryStatus.FAILED) {
      s.putArray("errors").add(message.failure.webhookError());
      return s;
    }
    boolean template = message.type.equals("template");
    String category = template ? "utility" : "service";
    boolean free = !template || windowOpen;
    if (message.apiVersion < 24 && status != DeliveryStatus.READ) {
      ObjectNode conversation = s.putObject("conversation");
      conversation.put("id", conversationId(message.wamid));
      if (status == DeliveryStatus.SENT) {
        conversation.put("expiration_timestamp", Long.toString(epochSeconds + 24 * 3600));
      }
      conversation.putObject("origin").put("type", category);
    }
    if (status == DeliveryStatus.SENT || status == DeliveryStatus.DELIVERED) {
      s.putObject("pricing").put("billable", !free).put("pricing_model", "PMP")
          .put("type", free ? "free_customer_service" : "regular").put("category", category);
    }
    return s;
  }

  /** Before v24.0 the conversation id was unique per message: 32 hex digits derived from the wamid. */
  private static String conversationId(String wamid) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("MD5")
          .digest(wamid.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }
}
