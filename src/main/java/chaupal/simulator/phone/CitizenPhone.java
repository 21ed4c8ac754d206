package chaupal.simulator.phone;

import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Counters;
import chaupal.simulator.SimulatorSettings;
import chaupal.simulator.Wamids;
import chaupal.simulator.graph.MediaStore;
import chaupal.simulator.webhooks.WebhookBodies;
import chaupal.simulator.webhooks.WebhookPoster;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.MetaJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The citizen's side: turns what a citizen sends into the webhook Meta would post (reference §3.1),
 * records it in the conversation (which opens the 24-hour window) and posts it signed.
 */
public final class CitizenPhone {

  static final long PHOTO_LIMIT = 5L << 20;
  private static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png");

  /** A webhook built and recorded, ready to post. */
  public record Prepared(Conversation conversation, Conversation.Entry entry, byte[] body) {}

  private final SimulatorSettings settings;
  private final Clock clock;
  private final Conversations conversations;
  private final MediaStore media;
  private final Counters counters;
  private final WebhookPoster poster;
  private final Wamids wamids;
  private final String mediaBaseUrl;

  public CitizenPhone(SimulatorSettings settings, Clock clock, Conversations conversations, MediaStore media,
               Counters counters, WebhookPoster poster, Wamids wamids, String mediaBaseUrl) {
    this.settings = settings;
    this.clock = clock;
    this.conversations = conversations;
    this.media = media;
    this.counters = counters;
    this.poster = poster;
    this.wamids = wamids;
    this.mediaBaseUrl = mediaBaseUrl;
  }

  /**
   * Builds the webhook for one citizen message and records it. Throws IllegalArgumentException for a
   * photo that is not JPEG or PNG, is over 5 MB, or names media the simulator does not hold.
   */
  public Prepared prepare(BusinessNumber number, String waId, String profileName, PhoneMessage message) {
    long now = clock.millis();
    String wamid = wamids.inbound(waId);
    ObjectNode m = WebhookBodies.message(waId, wamid, now / 1000, message.type());
    if (message instanceof PhoneMessage.Text t) {
      m.putObject("text").put("body", t.body());
    } else if (message instanceof PhoneMessage.ButtonReply b) {
      WebhookBodies.context(m, number, b.contextWamid());
      ObjectNode interactive = m.putObject("interactive").put("type", "button_reply");
      interactive.putObject("button_reply").put("id", b.id()).put("title", b.title());
    } else if (message instanceof PhoneMessage.ListReply l) {
      WebhookBodies.context(m, number, l.contextWamid());
      ObjectNode interactive = m.putObject("interactive").put("type", "list_reply");
      ObjectNode reply = interactive.putObject("list_reply").put("id", l.id()).put("title", l.title());
      if (l.description() != null && !l.description().isEmpty()) reply.put("description", l.description());
    } else if (message instanceof PhoneMessage.TemplateButton b) {
      WebhookBodies.context(m, number, b.contextWamid());
      m.putObject("button").put("payload", b.payload()).put("text", b.text());
    } else if (message instanceof PhoneMessage.Location l) {
      ObjectNode location = m.putObject("location").put("latitude", l.latitude()).put("longitude", l.longitude());
      if (l.name() != null && !l.name().isEmpty()) location.put("name", l.name());
      if (l.address() != null && !l.address().isEmpty()) location.put("address", l.address());
    } else if (message instanceof PhoneMessage.Image i) {
      image(m, store(number, i), i.caption());
    } else if (message instanceof PhoneMessage.StoredImage s) {
      image(m, media.get(s.mediaId()).orElseThrow(() -> new IllegalArgumentException("no such media: " + s.mediaId())), s.caption());
    }
    Conversation conversation = conversations.get(number.phoneNumberId(), waId, now);
    conversation.profileName(profileName);
    String name = conversation.profileName() == null ? defaultName(waId) : conversation.profileName();
    byte[] body = MetaJson.write(WebhookBodies.citizenMessage(number.waba(settings), number, waId, name, m));
    Conversation.Entry entry = new Conversation.Entry(wamid, true, message.type(), m, now, 0, null);
    entry.status = DeliveryStatus.SENT;
    conversations.add(conversation, entry);
    counters.citizenMessage();
    return new Prepared(conversation, entry, body);
  }

  /** Stores a photo the citizen attached, as Meta stores inbound media. */
  MediaStore.Media store(BusinessNumber number, PhoneMessage.Image image) {
    if (!PHOTO_TYPES.contains(image.mimeType())) throw new IllegalArgumentException("a photo must be image/jpeg or image/png");
    if (image.bytes().length == 0 || image.bytes().length > PHOTO_LIMIT) throw new IllegalArgumentException("a photo must be 1 byte to 5 MB");
    return media.put(number.phoneNumberId(), image.mimeType(), null, image.bytes())
        .orElseThrow(() -> new IllegalArgumentException("the photo does not fit the media store"));
  }

  private void image(ObjectNode m, MediaStore.Media stored, String caption) {
    ObjectNode image = m.putObject("image");
    if (caption != null && !caption.isEmpty()) image.put("caption", caption);
    image.put("mime_type", stored.mimeType()).put("sha256", stored.sha256Base64()).put("id", stored.id())
        .put("url", media.downloadUrl(mediaBaseUrl, stored.id(), clock.millis() / 1000));
  }

  /**
   * Posts a prepared webhook, retrying up to {@code attempts} times; the stage completes with the first
   * attempt's HTTP status (0: no response) while retries go on and show on the phone.
   */
  public CompletionStage<Integer> post(Prepared prepared, int attempts) {
    CompletableFuture<Integer> first = new CompletableFuture<>();
    Conversation c = prepared.conversation();
    poster.post(prepared.body(), attempts, code -> {
      c.update(prepared.entry(), e -> {
        e.webhookHttp = code;
        if (code == 200 && e.status == DeliveryStatus.SENT) e.status = DeliveryStatus.DELIVERED;
      });
      first.complete(code);
    }).thenAccept(last -> {
      if (last != 200) c.update(prepared.entry(), e -> e.status = DeliveryStatus.FAILED);
    });
    return first;
  }

  static String defaultName(String waId) {
    return "Citizen " + waId.substring(Math.max(0, waId.length() - 4));
  }
}
