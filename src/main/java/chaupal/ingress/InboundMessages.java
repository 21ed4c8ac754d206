package chaupal.ingress;

import chaupal.citizen.Incoming;
import chaupal.whatsapp.InboundMessage;
import chaupal.whatsapp.MessageContent;

/** From the Cloud API's message types to what a citizen's entity keeps. */
final class InboundMessages {

  private InboundMessages() {}

  static Incoming toIncoming(InboundMessage m, String channelId) {
    String id = m.wamid();
    long at = m.timestamp() == null ? 0 : m.timestamp().getEpochSecond();
    MessageContent c = m.content();
    if (c instanceof MessageContent.Text t) return Incoming.text(id, channelId, at, t.body());
    if (c instanceof MessageContent.ButtonReply b) return Incoming.choice(id, channelId, at, "button_reply", b.id(), b.title());
    if (c instanceof MessageContent.ListReply l) return Incoming.choice(id, channelId, at, "list_reply", l.id(), l.title());
    if (c instanceof MessageContent.TemplateButton b) return Incoming.choice(id, channelId, at, "button", b.payload(), b.text());
    if (c instanceof MessageContent.Location l) {
      return Incoming.location(id, channelId, at, l.latitude(), l.longitude(), l.name(), l.address());
    }
    if (c instanceof MessageContent.Media media) {
      return Incoming.media(id, channelId, at, media.kind(), media.mediaId(), media.mimeType(), media.caption());
    }
    return Incoming.other(id, channelId, at, m.type());
  }
}
