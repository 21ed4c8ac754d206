package chaupal.whatsapp;

import chaupal.whatsapp.WireObject.Shape;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Cloud API webhook body (reference §3) into {@link WebhookPayload}. Tolerant of members
 * it does not know and of any key order, as Meta adds fields without notice. A body that is not a
 * webhook at all is refused; a bad element in it (a message without a usable sender, a status
 * without a timestamp, an id no column could hold) is set aside with its reason and the rest is
 * read, since Meta resends a refused body for 7 days, good messages and all.
 */
public final class WebhookParser {

  private static final ObjectReader JSON =
      MetaJson.READER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private WebhookParser() {}

  public static WebhookPayload parse(byte[] body) throws MalformedWebhookException {
    if (body == null || body.length == 0) throw new MalformedWebhookException("body: empty");
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new MalformedWebhookException("body: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      // The location only: Jackson's message quotes the body, which may hold personal data.
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MalformedWebhookException("body: not JSON" + where, e);
    } catch (IOException e) {
      throw new MalformedWebhookException("body: unreadable", e);
    }
    String object;
    List<WireObject> entries;
    try {
      WireObject root = WireObject.root(tree);
      object = root.text("object");
      if (!root.has("entry")) throw root.problem("missing entry");
      entries = root.elements("entry");
    } catch (WireProblem e) {
      throw new MalformedWebhookException(e.getMessage(), e);
    }
    List<Change> changes = new ArrayList<>();
    List<RejectedElement> rejected = new ArrayList<>();
    for (WireObject entry : entries) {
      List<WireObject> entryChanges;
      String wabaId;
      try {
        wabaId = entry.requireObject().optText("id");
        entryChanges = entry.elements("changes");
      } catch (WireProblem e) {
        rejected.add(rejection(entry, e));
        continue;
      }
      for (WireObject change : entryChanges) {
        try {
          changes.add(change(wabaId, entry, change.requireObject(), rejected));
        } catch (WireProblem e) {
          rejected.add(rejection(change, e));
        }
      }
    }
    return new WebhookPayload(object, changes, rejected);
  }

  private static RejectedElement rejection(WireObject element, WireProblem problem) {
    return new RejectedElement(element.path(), problem.reasonWithin(element.path()), element.raw(RejectedElement.MAX_RAW));
  }

  private static Change change(String wabaId, WireObject entry, WireObject change, List<RejectedElement> rejected)
      throws WireProblem {
    String field = change.text("field");
    if (Change.USER_PREFERENCES.equals(field)) return preferences(wabaId, change.object("value"), rejected);
    if (TemplateChange.FIELDS.contains(field)) {
      // Only a template change needs the entry's time: it orders the template's states.
      java.time.Instant time = entry.has("time") ? entry.epochSeconds("time") : null;
      TemplateChange template = template(wabaId, time, change.object("value"));
      return new Change(wabaId, field, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(template));
    }
    if (!Change.MESSAGES.equals(field)) {
      return new Change(wabaId, field, null, null, List.of(), List.of(), List.of(), List.of());
    }
    WireObject value = change.object("value");
    WireObject metadata = value.object("metadata");
    String phoneNumberId = metadata.id("phone_number_id", Shape.PHONE_NUMBER_ID);
    List<WireObject> messageElements = value.elements("messages");
    List<WireObject> statusElements = value.elements("statuses");
    List<ApiError> valueErrors = errors(value);
    List<Contact> contacts = contacts(value, rejected);
    List<InboundMessage> messages = new ArrayList<>();
    for (WireObject m : messageElements) {
      try {
        messages.add(message(m.requireObject(), contacts));
      } catch (WireProblem e) {
        rejected.add(rejection(m, e));
      }
    }
    List<StatusUpdate> statuses = new ArrayList<>();
    for (WireObject s : statusElements) {
      try {
        statuses.add(status(s.requireObject()));
      } catch (WireProblem e) {
        rejected.add(rejection(s, e));
      }
    }
    return new Change(wabaId, field, phoneNumberId, metadata.optText("display_phone_number"), contacts, messages, statuses, valueErrors);
  }

  /** A {@code user_preferences} change: each marketing stop or resume, the rest (another category or value) set aside. */
  private static Change preferences(String wabaId, WireObject value, List<RejectedElement> rejected) throws WireProblem {
    WireObject metadata = value.object("metadata");
    String phoneNumberId = metadata.id("phone_number_id", Shape.PHONE_NUMBER_ID);
    List<MarketingPreference> preferences = new ArrayList<>();
    for (WireObject p : value.elements(Change.USER_PREFERENCES)) {
      try {
        p.requireObject();
        if (!"marketing_messages".equals(p.text("category"))) throw p.problem("category is not marketing_messages");
        String choice = p.text("value");
        if (!choice.equals("stop") && !choice.equals("resume")) throw p.problem("value is neither stop nor resume");
        preferences.add(new MarketingPreference(p.id("wa_id", Shape.PHONE_NUMBER), choice.equals("stop"), p.epochSeconds("timestamp").toEpochMilli()));
      } catch (WireProblem e) {
        rejected.add(rejection(p, e));
      }
    }
    return new Change(wabaId, Change.USER_PREFERENCES, phoneNumberId, metadata.optText("display_phone_number"), List.of(), List.of(),
        List.of(), List.of(), preferences, List.of());
  }

  /**
   * All of a change's contacts, or none when one of them is bad: a message without {@code from}
   * is its only contact's, and with one contact dropped it could be taken for another's.
   */
  private static List<Contact> contacts(WireObject value, List<RejectedElement> rejected) throws WireProblem {
    List<Contact> contacts = new ArrayList<>();
    boolean usable = true;
    for (WireObject c : value.elements("contacts")) {
      try {
        c.requireObject();
        String name = null;
        var profile = c.optObject("profile");
        if (profile.isPresent()) name = profile.get().optText("name");
        contacts.add(new Contact(c.optId("wa_id", Shape.PHONE_NUMBER), c.optId("user_id", Shape.USER_ID), name));
      } catch (WireProblem e) {
        rejected.add(rejection(c, e));
        usable = false;
      }
    }
    return usable ? contacts : List.of();
  }

  private static InboundMessage message(WireObject m, List<Contact> contacts) throws WireProblem {
    // Answering a group as if the citizen had written privately would leak the reply to a chat.
    if (m.has("group_id")) throw m.problem("group message; no channel serves groups");
    String wamid = m.id("id", Shape.ID);
    String type = m.text("type");
    String contextWamid = null;
    var context = m.optObject("context");
    if (context.isPresent()) contextWamid = context.get().optId("id", Shape.ID);
    Referral referral = null;
    var ref = m.optObject("referral");
    if (ref.isPresent()) {
      WireObject r = ref.get();
      referral = new Referral(
          r.optText("source_type"), r.optText("source_id"), r.optText("source_url"),
          r.optText("headline"), r.optText("body"), r.optText("ctwa_clid"));
    }
    List<ApiError> errors = errors(m);
    InboundMessage message = new InboundMessage(
        wamid,
        m.optId("from", Shape.PHONE_NUMBER),
        m.optId("from_user_id", Shape.USER_ID),
        m.epochSeconds("timestamp"),
        type,
        content(type, m, errors),
        contextWamid,
        errors,
        referral);
    if (message.citizenKey(contacts) == null) throw m.problem("no sender: neither from, from_user_id nor a contact");
    return message;
  }

  private static MessageContent content(String type, WireObject m, List<ApiError> errors)
      throws WireProblem {
    switch (type) {
      case "text":
        return new MessageContent.Text(m.object("text").text("body"));
      case "interactive":
        return interactive(m.object("interactive"));
      case "button": {
        WireObject b = m.object("button");
        return new MessageContent.TemplateButton(b.optText("payload"), b.optText("text"));
      }
      case "image", "document", "audio", "video", "sticker": {
        WireObject media = m.object(type);
        return new MessageContent.Media(
            type,
            media.id("id", Shape.ID),
            media.optText("mime_type"),
            media.optText("sha256"),
            media.optText("url"),
            media.optText("caption"),
            media.optText("filename"),
            media.optBoolean("voice"),
            media.optBoolean("animated"));
      }
      case "location": {
        WireObject l = m.object("location");
        return new MessageContent.Location(
            l.number("latitude", -90, 90), l.number("longitude", -180, 180), l.optText("name"), l.optText("address"), l.optText("url"));
      }
      case "contacts": {
        List<MessageContent.SharedContact> cards = new ArrayList<>();
        for (WireObject card : m.objects("contacts")) {
          String name = null;
          var n = card.optObject("name");
          if (n.isPresent()) name = n.get().optText("formatted_name");
          List<String> phones = new ArrayList<>();
          for (WireObject phone : card.objects("phones")) {
            String p = phone.optText("phone");
            if (p != null) phones.add(p);
          }
          cards.add(new MessageContent.SharedContact(name, phones));
        }
        return new MessageContent.Contacts(cards);
      }
      case "reaction": {
        WireObject r = m.object("reaction");
        return new MessageContent.Reaction(r.id("message_id", Shape.ID), r.optText("emoji"));
      }
      case "order": {
        WireObject o = m.object("order");
        return new MessageContent.Order(o.optText("catalog_id"), o.optText("text"), o.objects("product_items").size());
      }
      case "system": {
        WireObject s = m.object("system");
        return new MessageContent.System(s.optText("type"), s.optText("body"), s.optText("wa_id"));
      }
      // "unknown" is what older payloads call an unsupported message.
      case "unsupported", "unknown": {
        String kind = null;
        var u = m.optObject("unsupported");
        if (u.isPresent()) kind = u.get().optText("type");
        return new MessageContent.Unsupported(kind, errors.isEmpty() ? 0 : errors.get(0).code());
      }
      default:
        return new MessageContent.Unknown(type);
    }
  }

  private static MessageContent interactive(WireObject i) throws WireProblem {
    String kind = i.text("type");
    switch (kind) {
      case "button_reply": {
        WireObject b = i.object("button_reply");
        return new MessageContent.ButtonReply(b.text("id"), b.optText("title"));
      }
      case "list_reply": {
        WireObject l = i.object("list_reply");
        return new MessageContent.ListReply(l.text("id"), l.optText("title"), l.optText("description"));
      }
      case "nfm_reply": {
        WireObject f = i.object("nfm_reply");
        return new MessageContent.FlowReply(f.optText("name"), f.optText("body"), f.text("response_json"));
      }
      default:
        return new MessageContent.Unknown("interactive." + kind);
    }
  }

  /**
   * One template webhook's value. The kind comes from its members, not only from {@code field}: Meta's
   * quality sample carries {@code field:"message_template_status_update"}.
   */
  private static TemplateChange template(String wabaId, java.time.Instant time, WireObject v) throws WireProblem {
    if (wabaId == null || !WireText.isDigits(wabaId)) throw v.problem("the entry's id is not a WhatsApp Business Account id");
    String name = v.text("message_template_name");
    if (!name.matches("[a-z0-9_]{1,512}")) throw v.problem("message_template_name is not a template name");
    String language = v.text("message_template_language");
    if (!language.matches("[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?")) throw v.problem("message_template_language is not a language code");
    String id = templateId(v);
    String key = MessageTemplate.languageKey(language);
    if (v.has("new_quality_score")) {
      String quality = oneOf(v, "new_quality_score", TemplateChange.QUALITIES);
      return new TemplateChange(TemplateChange.Kind.QUALITY, wabaId, id, name, key, time, null, null, quality, null, null);
    }
    if (v.has("event")) {
      String event = v.text("event");
      if (!event.matches("[A-Z_]{1,40}")) throw v.problem("event \"" + WireText.shown(event) + "\" is not a template event");
      String reason = v.optText("reason");
      if ("NONE".equals(reason)) reason = null;
      if (reason == null) {
        var info = v.optObject("other_info");
        if (info.isPresent()) reason = info.get().optText("title");
      }
      String category = v.has("message_template_category") ? oneOf(v, "message_template_category", TemplateChange.CATEGORIES) : null;
      return new TemplateChange(TemplateChange.Kind.STATUS, wabaId, id, name, key, time, event, reason, null, category, null);
    }
    if (v.has("new_category")) {
      String category = oneOf(v, "new_category", TemplateChange.CATEGORIES);
      String coming = v.has("correct_category") ? oneOf(v, "correct_category", TemplateChange.CATEGORIES) : null;
      return new TemplateChange(TemplateChange.Kind.CATEGORY, wabaId, id, name, key, time, null, null, null, category, coming);
    }
    throw v.problem("a template webhook without event, new_quality_score or new_category");
  }

  private static String templateId(WireObject v) throws WireProblem {
    if (!v.has("message_template_id")) return null;
    com.fasterxml.jackson.databind.JsonNode id = v.node().get("message_template_id");
    String text = id.isIntegralNumber() ? id.asText() : id.isTextual() ? id.textValue() : null;
    if (text == null || !WireText.isDigits(text) || text.length() > 20) throw v.problem("message_template_id is not a template id");
    return text;
  }

  private static String oneOf(WireObject v, String member, java.util.Set<String> allowed) throws WireProblem {
    String value = v.text(member);
    if (!allowed.contains(value)) {
      throw v.problem(member + " \"" + WireText.shown(value) + "\" is not one of " + new java.util.TreeSet<>(allowed));
    }
    return value;
  }

  /**
   * A status value we do not know yet is set aside like a bad one: Meta adds them (as it added
   * "played"), and refusing the body would also refuse the citizen messages that travel with it.
   */
  private static StatusUpdate status(WireObject s) throws WireProblem {
    String wamid = s.id("id", Shape.ID);
    String wire = s.text("status");
    DeliveryStatus status = DeliveryStatus.fromWire(wire)
        .orElseThrow(() -> s.problem("status \"" + WireText.shown(wire) + "\" is not one we know"));
    return new StatusUpdate(
        wamid,
        status,
        s.epochSeconds("timestamp"),
        s.optId("recipient_id", Shape.ID),
        s.optId("recipient_user_id", Shape.USER_ID),
        errors(s),
        s.optText("biz_opaque_callback_data"));
  }

  private static List<ApiError> errors(WireObject holder) throws WireProblem {
    List<ApiError> errors = new ArrayList<>();
    for (WireObject e : holder.objects("errors")) {
      ApiError error = ErrorCodes.fromErrorObject(e.node());
      if (error == null) throw e.problem("missing code, or not an integer");
      errors.add(error);
    }
    return errors;
  }
}
