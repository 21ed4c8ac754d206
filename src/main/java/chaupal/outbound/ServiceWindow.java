package chaupal.outbound;

import chaupal.whatsapp.ErrorCodes;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.OutgoingMessage;
import chaupal.whatsapp.SendRequest;
import java.time.Duration;

/**
 * Meta's customer service window: a free-form message may reach a citizen only within 24 hours
 * of their last message on that channel; outside it only a template goes (error 131047 otherwise).
 * The sender asks at send time, so a message that waited (a retry, a campaign) is sent in the
 * shape that can still arrive.
 */
final class ServiceWindow {

  static final Duration LENGTH = Duration.ofHours(24);

  /** What the sender does with a message now. */
  sealed interface Choice {}

  /**
   * Send this request; {@code asTemplate} when it is the intent's template. For a stored media the request
   * needs Meta's id of the file first: {@code json} is null and {@code storedMedia} says what to upload and send.
   */
  record Send(byte[] json, boolean asTemplate, MessageIntent.StoredMedia storedMedia) implements Choice {
    Send(byte[] json, boolean asTemplate) {
      this(json, asTemplate, null);
    }
  }

  /** Nothing can be sent: the row ends with this outcome. */
  record Refuse(Outcome outcome, String reason) implements Choice {}

  private ServiceWindow() {}

  static Choice choose(PendingMessage message, long nowMillis) {
    if (message.intent() == null) return new Send(message.legacyBody(), false); // a row from before V40, sent as stored
    MessageIntent.StoredMedia stored = message.intent().storedMedia();
    if (stored != null && (wroteSinceWaiting(message, nowMillis)
        || windowOpen(message.lastInboundMillis(), message.lastErrorCode(), nowMillis))) {
      return new Send(null, false, stored);
    }
    OutgoingContent content = wroteSinceWaiting(message, nowMillis) ? message.intent().freeForm()
        : content(message.intent(), message.lastInboundMillis(), message.lastErrorCode(), nowMillis);
    if (content == null && message.mayAwaitWindow()) {
      String reason = "waiting for the citizen's next message: the 24-hour window is closed and the notification has no template";
      return new Refuse(new Outcome.AwaitingWindow(message, false, ErrorCodes.OUTSIDE_SERVICE_WINDOW, reason), reason);
    }
    if (content == null) {
      String reason = "not sent: the citizen's 24-hour window is closed and the message has no template";
      return new Refuse(new Outcome.Expired(message, false, ErrorCodes.OUTSIDE_SERVICE_WINDOW, reason), reason);
    }
    try {
      return new Send(SendRequest.json(new OutgoingMessage(message.recipient(), content, null),
          OutboxCallback.of(message.id())),
          content instanceof OutgoingContent.Template);
    } catch (IllegalArgumentException e) {
      String reason = "not sent: " + e.getMessage();
      return new Refuse(new Outcome.Failed(message, null, reason), reason);
    }
  }

  /**
   * A message that waited for the window, and the citizen wrote since it began to: free-form, whatever
   * Meta answered before the citizen wrote (that 131047 or refused template is history now).
   */
  private static boolean wroteSinceWaiting(PendingMessage message, long nowMillis) {
    Long since = message.awaitingWindowSinceMillis();
    Long inbound = message.lastInboundMillis();
    return since != null && inbound != null && inbound > since && nowMillis - inbound < LENGTH.toMillis()
        && message.intent().hasFreeForm();
  }

  /** Free-form while the window is open, the template otherwise; null when the window is closed and there is none. */
  static OutgoingContent content(MessageIntent intent, Long lastInboundMillis, Integer lastErrorCode, long nowMillis) {
    if (windowOpen(lastInboundMillis, lastErrorCode, nowMillis) && intent.freeForm() != null) return intent.freeForm();
    return intent.template();
  }

  private static boolean windowOpen(Long lastInboundMillis, Integer lastErrorCode, long nowMillis) {
    return lastInboundMillis != null && nowMillis - lastInboundMillis < LENGTH.toMillis()
        // Meta said the window is closed (its clock and ours may differ): believe it.
        && !(lastErrorCode != null && ErrorCodes.needsTemplate(lastErrorCode));
  }
}
