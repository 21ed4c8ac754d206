package chaupal.whatsapp;

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
 * it does not know and of any key order, as Meta adds fields without notice; strict about the
 * few things the gateway cannot do without: message and status ids, a sender, known statuses.
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
    WireObject root = WireObject.root(tree);
    String object = root.text("object");
    if (!root.has("entry")) throw root.problem("missing entry");
    List<Change> changes = new ArrayList<>();
    for (WireObject entry : root.objects("entry")) {
      String wabaId = entry.optText("id");
      for (WireObject change : entry.objects("changes")) {
        changes.add(change(wabaId, change));
      }
    }
    return new WebhookPayload(object, changes);
  }

  private static Change change(String wabaId, WireObject change) throws MalformedWebhookException {
    String field = change.text("field");
    if (!Change.MESSAGES.equals(field)) {
      return new Change(wabaId, field, null, null, List.of(), List.of(), List.of(), List.of());
    }
    WireObject value = change.object("value");
    WireObject metadata = value.object("metadata");
    List<Contact> contacts = new ArrayList<>();
    for (WireObject c : value.objects("contacts")) {
      String name = null;
      var profile = c.optObject("profile");
      if (profile.isPresent()) name = profile.get().optText("name");
      contacts.add(new Contact(c.optText("wa_id"), c.optText("user_id"), name));
    }
    List<InboundMessage> messages = new ArrayList<>();
    for (WireObject m : value.objects("messages")) {
      InboundMessage message = message(m);
      if (message.citizenKey(contacts) == null) throw m.problem("no sender: neither from, from_user_id nor a contact");
      messages.add(message);
    }
    List<StatusUpdate> statuses = new ArrayList<>();
    for (WireObject s : value.objects("statuses")) {
      StatusUpdate update = status(s);
      if (update != null) statuses.add(update);
    }
    return new Change(
        wabaId,
        field,
        metadata.text("phone_number_id"),
        metadata.optText("display_phone_number"),
        contacts,
        messages,
        statuses,
        errors(value));
  }

  private static InboundMessage message(WireObject m) throws MalformedWebhookException {
    String wamid = m.text("id");
    String type = m.text("type");
    String contextWamid = null;
    var context = m.optObject("context");
    if (context.isPresent()) contextWamid = context.get().optText("id");
    Referral referral = null;
    var ref = m.optObject("referral");
    if (ref.isPresent()) {
      WireObject r = ref.get();
      referral = new Referral(
          r.optText("source_type"), r.optText("source_id"), r.optText("source_url"),
          r.optText("headline"), r.optText("body"), r.optText("ctwa_clid"));
    }
    List<ApiError> errors = errors(m);
    return new InboundMessage(
        wamid,
        m.optText("from"),
        m.optText("from_user_id"),
        m.epochSeconds("timestamp"),
        type,
        content(type, m, errors),
        contextWamid,
        errors,
        referral);
  }

  private static MessageContent content(String type, WireObject m, List<ApiError> errors)
      throws MalformedWebhookException {
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
            media.text("id"),
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
            l.number("latitude"), l.number("longitude"), l.optText("name"), l.optText("address"), l.optText("url"));
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
        return new MessageContent.Reaction(r.text("message_id"), r.optText("emoji"));
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

  private static MessageContent interactive(WireObject i) throws MalformedWebhookException {
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
   * Null for a status value we do not know yet: Meta adds them (as it added "played"), and
   * refusing the body would also refuse the citizen messages that travel with it, for 7 days.
   */
  private static StatusUpdate status(WireObject s) throws MalformedWebhookException {
    String wamid = s.text("id");
    String wire = s.text("status");
    java.util.Optional<DeliveryStatus> known = DeliveryStatus.fromWire(wire);
    if (known.isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(WebhookParser.class).warn("ignoring unknown status \"{}\" of a sent message", clip(wire));
      return null;
    }
    DeliveryStatus status = known.get();
    return new StatusUpdate(
        wamid,
        status,
        s.epochSeconds("timestamp"),
        s.optText("recipient_id"),
        s.optText("recipient_user_id"),
        errors(s),
        s.optText("biz_opaque_callback_data"));
  }

  private static List<ApiError> errors(WireObject holder) throws MalformedWebhookException {
    List<ApiError> errors = new ArrayList<>();
    for (WireObject e : holder.objects("errors")) {
      ApiError error = ErrorCodes.fromErrorObject(e.node());
      if (error == null) throw e.problem("missing code, or not an integer");
      errors.add(error);
    }
    return errors;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
