package chaupal.ingress;

import chaupal.citizen.CitizenMessage;
import chaupal.whatsapp.InboundMessage;
import chaupal.whatsapp.MessageContent;

/** From the Cloud API's message ({@link InboundMessage}, the wire form) to what a citizen's entity keeps ({@link CitizenMessage}). */
final class CitizenMessages {

  private CitizenMessages() {}

  static CitizenMessage toCitizenMessage(InboundMessage m, String channelId) {
    String id = m.wamid();
    long at = m.timestamp() == null ? 0 : m.timestamp().getEpochSecond();
    MessageContent c = m.content();
    if (c instanceof MessageContent.Text t) return CitizenMessage.text(id, channelId, at, t.body());
    if (c instanceof MessageContent.ButtonReply b) return CitizenMessage.choice(id, channelId, at, "button_reply", b.id(), b.title());
    if (c instanceof MessageContent.ListReply l) return CitizenMessage.choice(id, channelId, at, "list_reply", l.id(), l.title());
    if (c instanceof MessageContent.TemplateButton b) return CitizenMessage.choice(id, channelId, at, "button", b.payload(), b.text());
    if (c instanceof MessageContent.Location l) {
      return CitizenMessage.location(id, channelId, at, l.latitude(), l.longitude(), l.name(), l.address());
    }
    if (c instanceof MessageContent.Media media) {
      return CitizenMessage.media(id, channelId, at, media.kind(), media.mediaId(), media.mimeType(), media.caption());
    }
    return CitizenMessage.other(id, channelId, at, m.type());
  }
}
