package chaupal.platform;

import chaupal.broadcast.CampaignMessage;
import chaupal.conversation.Action;
import chaupal.whatsapp.Limits;
import chaupal.citizen.Citizen;
import chaupal.citizen.QueuedReply;
import chaupal.outbound.Lane;
import chaupal.outbound.MessageIntent;
import chaupal.outbound.OutboundRequest;
import chaupal.outbound.OutboxSource;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.OutgoingMessage;
import chaupal.whatsapp.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a citizen's events meet the outbox: the one place that knows both the citizen's events and
 * the outbox's intents, a shape mapping with no rule of its own (the window and the lanes are the
 * outbox's). Every message the citizen sends opens their window on its channel; every queued reply
 * is a free-form message in the reply lane. The ordering key is the citizen, so their replies leave
 * in the order they were decided.
 */
final class CitizenOutbox implements OutboxSource {

  private static final Logger log = LoggerFactory.getLogger(CitizenOutbox.class);

  @Override
  public List<OutboundRequest> requestsFor(Object event, String persistenceId, long sequenceNr) {
    if (event instanceof Citizen.NotificationQueued queued) {
      return notification(persistenceId + "#" + sequenceNr, citizenOf(persistenceId), queued.channelId(), queued.freeForm(),
          queued.template());
    }
    if (event instanceof Citizen.CaseNoticed noticed) {
      if (noticed.reply() == null && noticed.template() == null) return List.of();
      return notification(persistenceId + "#" + sequenceNr, citizenOf(persistenceId), noticed.news().channelId(),
          noticed.reply(), noticed.template());
    }
    if (event instanceof Citizen.CasePhotoQueued photo) {
      // After the notice's words; outside the window it waits for the citizen's next message (the note's template went).
      String citizen = citizenOf(persistenceId);
      try {
        return List.of(new OutboundRequest(persistenceId + "#" + sequenceNr, citizen, photo.channelId(), citizen, Lane.NOTIFICATION,
            MessageIntent.storedMedia("image", photo.storedMediaId(), Limits.fit(photo.caption(), Limits.CAPTION))));
      } catch (IllegalArgumentException e) {
        log.error("the photo of case {} to {} cannot be sent: {}", photo.caseNumber(), PhoneNumbers.mask(citizen), e.getMessage());
        return List.of();
      }
    }
    if (event instanceof Citizen.CampaignQueued campaign) {
      String citizen = citizenOf(persistenceId);
      return template(CampaignMessage.outboxKey(campaign.campaignId(), citizen), citizen, campaign.channelId(), Lane.CAMPAIGN,
          campaign.template(), consentsOf(campaign));
    }
    if (event instanceof Citizen.MissedCallHeard call && call.welcome() != null) {
      String citizen = citizenOf(persistenceId);
      return template(persistenceId + "#" + sequenceNr, citizen, call.channelId(), Lane.NOTIFICATION, call.welcome(), List.of());
    }
    if (!(event instanceof Citizen.MessageReceived received) || received.replies().isEmpty()) return List.of();
    String citizen = citizenOf(persistenceId);
    String channel = received.message().channelId();
    List<OutboundRequest> requests = new ArrayList<>(received.replies().size());
    for (int i = 0; i < received.replies().size(); i++) {
      try {
        OutgoingMessage message = new OutgoingMessage(citizen, content(received.replies().get(i)), null);
        requests.add(new OutboundRequest(persistenceId + "#" + sequenceNr + "#" + i, citizen, channel, citizen,
            Lane.REPLY, MessageIntent.freeForm(message.content())));
      } catch (IllegalArgumentException e) {
        // A reply the Cloud API would refuse (a citizen key that is neither a phone number nor a
        // business-scoped user id): skipping it keeps the outbox moving.
        log.error("reply {} to citizen {} cannot be sent: {}", i, PhoneNumbers.mask(citizen), e.getMessage());
      }
    }
    return requests;
  }

  /**
   * A message another part asked for, in the notification lane: free-form while the recipient's
   * window is open, the template otherwise (the outbox decides at send time).
   */
  private static List<OutboundRequest> notification(String id, String citizen, String channel, QueuedReply freeForm,
      Citizen.TemplateMessage template) {
    try {
      OutgoingContent.Template approved =
          template == null ? null : new OutgoingContent.Template(template.name(), template.languageCode(), template.parameters());
      OutgoingContent content = freeForm == null ? null : new OutgoingMessage(citizen, content(freeForm), null).content();
      return List.of(new OutboundRequest(id, citizen, channel, citizen, Lane.NOTIFICATION, new MessageIntent(content, approved)));
    } catch (IllegalArgumentException e) {
      log.error("notification {} to {} cannot be sent: {}", id, PhoneNumbers.mask(citizen), e.getMessage());
      return List.of();
    }
  }

  /** A message that is only a template: a campaign's, or the welcome after a missed call (no window is open). */
  private static List<OutboundRequest> template(String id, String citizen, String channel, Lane lane, Citizen.TemplateMessage t,
      List<String> consents) {
    try {
      return List.of(new OutboundRequest(id, citizen, channel, citizen, lane,
          MessageIntent.template(new OutgoingContent.Template(t.name(), t.languageCode(), t.parameters())), consents));
    } catch (IllegalArgumentException e) {
      log.error("template message {} to {} cannot be sent: {}", id, PhoneNumbers.mask(citizen), e.getMessage());
      return List.of();
    }
  }

  /**
   * A consent that ends takes the citizen's pending campaign messages on that channel sent under it with it:
   * one topic's, or a STOP's (topic null) those of every marketing topic; other topics' messages still go.
   */
  @Override
  public List<Cancellation> cancellationsFor(Object event, String persistenceId) {
    String channel = null;
    List<Action> actions = List.of();
    if (event instanceof Citizen.MessageReceived m) {
      channel = m.message().channelId();
      actions = m.actions();
    } else if (event instanceof Citizen.PreferenceHeard p) {
      channel = p.channelId();
      actions = p.actions();
    }
    List<Cancellation> cancellations = new ArrayList<>();
    for (Action action : actions) {
      if (action instanceof Action.Unsubscribe u) {
        cancellations.add(new Cancellation(channel, citizenOf(persistenceId), Lane.CAMPAIGN,
            u.topic() == null ? MARKETING_CONSENT : TOPIC_CONSENT + u.topic()));
      }
    }
    return cancellations;
  }

  // The outbox's consent names of a campaign message: its topic, and for a marketing topic what a STOP ends.
  private static final String TOPIC_CONSENT = "topic:";
  private static final String MARKETING_CONSENT = "marketing";

  private static List<String> consentsOf(Citizen.CampaignQueued campaign) {
    if (campaign.topic() == null) return List.of();
    return campaign.marketing() ? List.of(TOPIC_CONSENT + campaign.topic(), MARKETING_CONSENT) : List.of(TOPIC_CONSENT + campaign.topic());
  }

  @Override
  public Optional<WindowOpened> windowOpenedBy(Object event, String persistenceId) {
    if (!(event instanceof Citizen.MessageReceived received)) return Optional.empty();
    return Optional.of(new WindowOpened(received.message().channelId(), citizenOf(persistenceId), received.receivedAtMillis()));
  }

  private static String citizenOf(String persistenceId) {
    return CitizenFilings.citizenOf(persistenceId);
  }

  static OutgoingContent content(QueuedReply r) {
    switch (r.kind()) {
      case QueuedReply.TEXT:
        return new OutgoingContent.Text(r.body(), false);
      case QueuedReply.BUTTONS:
        return new OutgoingContent.ReplyButtons(r.header(), r.body(), r.footer(),
            r.sections().get(0).options().stream().map(o -> new OutgoingContent.Button(o.id(), o.title())).toList());
      case QueuedReply.LIST:
        return new OutgoingContent.ListMessage(r.header(), r.body(), r.footer(), r.buttonLabel(),
            r.sections().stream().map(s -> new OutgoingContent.Section(s.title(),
                s.options().stream().map(o -> new OutgoingContent.Row(o.id(), o.title(), o.description())).toList())).toList());
      case QueuedReply.LOCATION_REQUEST:
        return new OutgoingContent.LocationRequest(r.body());
      default:
        throw new IllegalArgumentException("unknown reply kind " + r.kind());
    }
  }
}
