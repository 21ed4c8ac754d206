package chaupal.platform;

import chaupal.citizen.Citizen;
import chaupal.citizen.QueuedReply;
import chaupal.outbound.OutboundRequest;
import chaupal.outbound.OutboxSource;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.OutgoingMessage;
import chaupal.whatsapp.PhoneNumbers;
import chaupal.whatsapp.SendRequest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a citizen's queued replies become Cloud API requests: the one place that knows both the
 * citizen's events and the wire format. The ordering key is the citizen, so their replies leave
 * in the order they were decided.
 */
final class CitizenOutbox implements OutboxSource {

  private static final Logger log = LoggerFactory.getLogger(CitizenOutbox.class);
  private static final String PREFIX = Citizen.ENTITY_KEY.name() + "|";

  @Override
  public List<OutboundRequest> requestsFor(Object event, String persistenceId, long sequenceNr) {
    if (!(event instanceof Citizen.MessageReceived received) || received.replies().isEmpty()) return List.of();
    String citizen = persistenceId.startsWith(PREFIX) ? persistenceId.substring(PREFIX.length()) : persistenceId;
    String channel = received.message().channelId();
    List<OutboundRequest> requests = new ArrayList<>(received.replies().size());
    for (int i = 0; i < received.replies().size(); i++) {
      try {
        OutgoingMessage message = new OutgoingMessage(citizen, content(received.replies().get(i)), null);
        requests.add(new OutboundRequest(persistenceId + "#" + sequenceNr + "#" + i, citizen, channel, citizen,
            SendRequest.json(message)));
      } catch (IllegalArgumentException e) {
        // A reply the Cloud API would refuse (a citizen key that is neither a phone number nor a
        // business-scoped user id): skipping it keeps the outbox moving.
        log.error("reply {} to citizen {} cannot be sent: {}", i, PhoneNumbers.mask(citizen), e.getMessage());
      }
    }
    return requests;
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
