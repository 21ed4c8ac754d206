package chaupal.broadcast;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import chaupal.db.HandOverSession;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Topic;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the consents a group of citizen events records, in the projection's transaction. */
final class SubscriptionHandler extends JdbcHandler<List<EventEnvelope<Object>>, HandOverSession<Object>> {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionHandler.class);

  private final ConsentSource source;
  private final Directory directory;

  SubscriptionHandler(ConsentSource source, Directory directory) {
    this.source = source;
    this.directory = directory;
  }

  @Override
  public void process(HandOverSession<Object> session, List<EventEnvelope<Object>> envelopes) throws Exception {
    for (EventEnvelope<Object> envelope : envelopes) {
      for (ConsentChange change : source.consentsIn(envelope.event(), envelope.persistenceId(), envelope.sequenceNr())) {
        session.withConnection(c -> {
          apply(c, change);
          return null;
        });
      }
    }
  }

  private void apply(java.sql.Connection c, ConsentChange change) {
    try {
      String tenant = directory.channel(change.channelId()).map(channel -> channel.tenantId()).orElse(null);
      if (change.subscribed()) {
        if (tenant == null || change.topic() == null || !SubscriptionTable.SOURCES.contains(change.source())) {
          // A consent that cannot be kept (a channel no longer configured, an unknown source) must not stop the projection.
          log.warn("consent {} not recorded: channel {} topic {} source {}", change.requestId(), change.channelId(), change.topic(),
              change.source());
          return;
        }
        SubscriptionTable.subscribe(c, tenant, change);
      } else if (change.topic() != null) {
        SubscriptionTable.end(c, change, List.of(change.topic()));
      } else {
        // Every marketing topic of the channel's tenant; a channel no longer configured sends nothing, so all of them.
        List<String> marketing =
            tenant == null
                ? null
                : directory.tenant(tenant).orElseThrow().topics().stream().filter(Topic::isMarketing).map(Topic::id).toList();
        SubscriptionTable.end(c, change, marketing);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("consent " + change.requestId() + " not written: " + e.getMessage(), e);
    }
  }
}
