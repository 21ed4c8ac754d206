package chaupal.outbound;

import static chaupal.db.BlockingSql.bindColumns;

import chaupal.db.BlockingSql;
import chaupal.db.BlockingSql.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The {@code outbound_message} table. Every call is one statement over arrays, however many rows it
 * touches: one round trip per batch, not per message.
 */
final class OutboxStore {

  // Returns, for the sender's memory, the citizen's window and whether an older pending message of
  // theirs sits in another partition (another source wrote it) or waited for their window (the
  // windows opened just before may have woken it): then memory must not serve them.
  // consents: a message sent under none (a reply, a case's news, a welcome) gets '{}' (string_to_array of ''),
  // never NULL, so no topic's withdrawal cancels it; NULL stays what V91 says, a row from before it.
  private static final String INSERT = """
      INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, lane, intent, consents)
      SELECT u.message_key, ?, u.ordering_key, u.phone_number_id, u.recipient, u.lane, u.intent::jsonb,
             string_to_array(u.consents, ',')::varchar[]
      FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::smallint[], ?::varchar[], ?::varchar[])
           WITH ORDINALITY AS u(message_key, ordering_key, phone_number_id, recipient, lane, intent, consents, n)
      ORDER BY u.n
      ON CONFLICT (message_key) DO NOTHING
      RETURNING id, message_key,
        (SELECT (EXTRACT(EPOCH FROM w.last_inbound_at) * 1000)::bigint FROM outbound_service_window w
         WHERE w.phone_number_id = outbound_message.phone_number_id AND w.recipient = outbound_message.recipient),
        EXISTS (SELECT 1 FROM outbound_message e WHERE e.ordering_key = outbound_message.ordering_key
                AND e.state = 'pending'
                AND (e.partition_no <> outbound_message.partition_no OR e.awaiting_window_since IS NOT NULL))""";

  // A message of the citizen opens (or extends) their window on that channel; never moves it back.
  // It makes their notifications that wait for the window due now (they go free-form).
  private static final String OPEN_WINDOWS = """
      WITH opened AS (
        INSERT INTO outbound_service_window (phone_number_id, recipient, last_inbound_at)
        SELECT u.phone_number_id, u.recipient, to_timestamp(u.at_ms / 1000.0)
        FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) AS u(phone_number_id, recipient, at_ms)
        ON CONFLICT (phone_number_id, recipient) DO UPDATE
          SET last_inbound_at = GREATEST(outbound_service_window.last_inbound_at, EXCLUDED.last_inbound_at)
        RETURNING phone_number_id, recipient)
      UPDATE outbound_message m SET next_attempt_at = now(), updated_at = now()
      FROM opened o
      WHERE m.phone_number_id = o.phone_number_id AND m.recipient = o.recipient
        AND m.awaiting_window_since IS NOT NULL AND m.state = 'pending' AND m.next_attempt_at = 'infinity'""";

  // Citizens with a pending message: at a sender's (re)start, their messages are taken from here only.
  private static final String PENDING_KEYS = """
      SELECT DISTINCT ordering_key FROM outbound_message WHERE partition_no = ? AND state = 'pending'""";

  // The head of each citizen: no pending message of the same key with a smaller id, in any partition.
  // Citizens already in the sender's hands, and channels whose throttle queue is full, are left out.
  // A message that waited for the citizen's window is as old as the window's reopening: it is news still.
  private static final String DUE_HEADS = """
      SELECT m.id, m.message_key, m.ordering_key, m.phone_number_id, m.recipient, m.body, m.attempts,
             (EXTRACT(EPOCH FROM (now() - CASE WHEN m.awaiting_window_since IS NULL THEN m.created_at
                                                ELSE GREATEST(m.created_at, w.last_inbound_at) END)) * 1000)::bigint AS age_ms,
             m.lane, m.intent::text, m.error_code, (EXTRACT(EPOCH FROM w.last_inbound_at) * 1000)::bigint,
             (EXTRACT(EPOCH FROM m.awaiting_window_since) * 1000)::bigint
      FROM outbound_message m
      LEFT JOIN outbound_service_window w ON w.phone_number_id = m.phone_number_id AND w.recipient = m.recipient
      WHERE m.partition_no = ? AND m.state = 'pending' AND m.next_attempt_at <= now()
        AND m.ordering_key <> ALL (?::varchar[]) AND m.phone_number_id <> ALL (?::varchar[])
        AND NOT EXISTS (SELECT 1 FROM outbound_message e
                        WHERE e.ordering_key = m.ordering_key AND e.state = 'pending' AND e.id < m.id)
      ORDER BY m.lane, m.next_attempt_at, m.id
      LIMIT ?""";

  // Only pending rows change, but the condition is written so that no partial index on pending rows
  // matches it: with statistics from a quieter moment PostgreSQL otherwise read every pending row to
  // find a few by id (hash join over the pending index, 2 ms a call under a backlog). By key, always.
  // After an outage of a channel: its messages backing off from one are due now (RetryPolicy.outage).
  /** Pending messages backing off (not waiting for a window) after an outage-like refusal: {@link RetryPolicy#OUTAGE_CODES}. */
  private static final String BACKING_OFF_FROM_OUTAGE = """
      state = 'pending' AND phone_number_id = ? AND attempts > 0 AND on_the_wire_since IS NULL
        AND next_attempt_at > now() AND next_attempt_at <> 'infinity'
        AND (error_code IS NULL OR error_code = ANY (?))""";

  private static final String REVIVE = "UPDATE outbound_message SET next_attempt_at = now(), updated_at = now() WHERE "
      + BACKING_OFF_FROM_OUTAGE;

  private static final String PROBE = "UPDATE outbound_message SET next_attempt_at = now(), updated_at = now()"
      + " WHERE id = (SELECT id FROM outbound_message WHERE partition_no = ? AND " + BACKING_OFF_FROM_OUTAGE
      + " ORDER BY id LIMIT 1)";

  // Rows whose request goes to the API now: not due for the doubt window, which a successor of a sender
  // that dies with them unanswered waits out for their status (OutboxSender). Any outcome ends the mark.
  private static final String ON_THE_WIRE = """
      UPDATE outbound_message SET on_the_wire_since = now(), next_attempt_at = now() + ? * INTERVAL '1 millisecond'
      WHERE id = ANY (?::bigint[]) AND state = 'pending'""";

  static final String RECORD = """
      UPDATE outbound_message m SET
        state = u.state,
        on_the_wire_since = NULL,
        attempts = m.attempts + CASE WHEN u.attempted THEN 1 ELSE 0 END,
        wamid = COALESCE(u.wamid, m.wamid),
        accepted_at = CASE WHEN u.state = 'accepted' THEN now() ELSE m.accepted_at END,
        template_sent_at = CASE WHEN u.state = 'accepted' AND u.as_template THEN now() ELSE m.template_sent_at END,
        next_attempt_at = CASE WHEN u.awaiting THEN 'infinity'::timestamptz
                               WHEN u.delay_ms IS NULL THEN m.next_attempt_at
                               ELSE now() + u.delay_ms * INTERVAL '1 millisecond' END,
        awaiting_window_since = CASE WHEN u.awaiting THEN now() ELSE m.awaiting_window_since END,
        error_code = COALESCE(u.error_code, m.error_code),
        last_error = COALESCE(u.error, m.last_error),
        updated_at = now()
      FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::boolean[], ?::bigint[], ?::integer[], ?::varchar[], ?::boolean[],
                  ?::boolean[])
           AS u(id, state, wamid, attempted, delay_ms, error_code, error, awaiting, as_template)
      WHERE m.id = u.id AND m.state NOT IN ('accepted', 'failed', 'expired', 'cancelled')""";

  private static final String CANCEL = """
      UPDATE outbound_message SET state = 'cancelled', updated_at = now()
      WHERE phone_number_id = ? AND recipient = ? AND lane = ? AND state = 'pending'
        AND (?::varchar IS NULL OR consents IS NULL OR ?::varchar = ANY (consents))""";

  private static final int MAX_ERROR_LENGTH = 1000;

  private final DataSource dataSource;
  private final Executor executor;

  OutboxStore(DataSource dataSource, Executor executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  /** A new row, as the sender's memory gets it. {@code behind}: an older pending message of the citizen is in another partition. */
  record Inserted(PendingMessage message, boolean behind) {}

  /** Opens the citizens' windows (one statement); the latest time of each (channel, citizen) wins. */
  /** Withdraws the pending messages of each cancellation; returns how many. */
  static int cancel(Connection c, List<OutboxSource.Cancellation> cancellations) throws SQLException {
    int cancelled = 0;
    try (PreparedStatement ps = c.prepareStatement(CANCEL)) {
      for (OutboxSource.Cancellation x : cancellations) {
        ps.setString(1, x.phoneNumberId());
        ps.setString(2, x.recipient());
        ps.setInt(3, x.lane().column());
        ps.setString(4, x.consent());
        ps.setString(5, x.consent());
        cancelled += ps.executeUpdate();
      }
    }
    return cancelled;
  }

  static void openWindows(Connection c, List<OutboxSource.WindowOpened> opened) throws SQLException {
    Map<List<String>, Long> latest = new HashMap<>();
    for (OutboxSource.WindowOpened w : opened) latest.merge(List.of(w.phoneNumberId(), w.recipient()), w.atMillis(), Math::max);
    int n = latest.size();
    String[] channels = new String[n];
    String[] recipients = new String[n];
    Long[] times = new Long[n];
    int i = 0;
    for (Map.Entry<List<String>, Long> e : latest.entrySet()) {
      channels[i] = e.getKey().get(0);
      recipients[i] = e.getKey().get(1);
      times[i++] = e.getValue();
    }
    try (PreparedStatement ps = c.prepareStatement(OPEN_WINDOWS)) {
      bindColumns(c, ps, 1, new Column("varchar", channels), new Column("varchar", recipients), new Column("bigint", times));
      ps.executeUpdate();
    }
  }

  /** Inserts the requests in order, skipping keys already there; returns the rows that are new, in id order. */
  static List<Inserted> insert(Connection c, int partition, List<OutboundRequest> requests) throws SQLException {
    int n = requests.size();
    String[] keys = new String[n];
    String[] orderingKeys = new String[n];
    String[] channels = new String[n];
    String[] recipients = new String[n];
    Integer[] lanes = new Integer[n];
    String[] intents = new String[n];
    String[] consents = new String[n];
    for (int i = 0; i < n; i++) {
      OutboundRequest r = requests.get(i);
      keys[i] = r.messageKey();
      orderingKeys[i] = r.orderingKey();
      channels[i] = r.phoneNumberId();
      recipients[i] = r.recipient();
      lanes[i] = r.lane().column();
      intents[i] = r.intent().toJson();
      consents[i] = String.join(",", r.consents());
    }
    Map<String, OutboundRequest> byKey = new HashMap<>(n * 2);
    for (OutboundRequest r : requests) byKey.put(r.messageKey(), r);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setInt(1, partition);
      bindColumns(c, ps, 2, new Column("varchar", keys), new Column("varchar", orderingKeys),
          new Column("varchar", channels), new Column("varchar", recipients), new Column("smallint", lanes),
          new Column("varchar", intents), new Column("varchar", consents));
      List<Inserted> added = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OutboundRequest r = byKey.get(rs.getString(2));
          added.add(new Inserted(new PendingMessage(rs.getLong(1), r.messageKey(), r.orderingKey(), r.phoneNumberId(),
              r.recipient(), r.lane(), r.intent(), null, longOrNull(rs, 3), null, 0, Duration.ZERO), rs.getBoolean(4)));
        }
      }
      added.sort(Comparator.comparingLong(a -> a.message().id()));
      return added;
    }
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** The citizens that have a pending message in the partition now. */
  CompletionStage<Set<String>> pendingKeys(int partition) {
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(PENDING_KEYS)) {
        ps.setInt(1, partition);
        Set<String> keys = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) keys.add(rs.getString(1));
        }
        return keys;
      }
    });
  }

  /** Up to {@code limit} citizens' first pending messages that are due, oldest due first. */
  CompletionStage<List<PendingMessage>> dueHeads(int partition, Collection<String> busyKeys, Collection<String> fullChannels, int limit) {
    String[] keys = busyKeys.toArray(String[]::new);
    String[] channels = fullChannels.toArray(String[]::new);
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(DUE_HEADS)) {
        ps.setInt(1, partition);
        bindColumns(c, ps, 2, new Column("varchar", keys), new Column("varchar", channels));
        ps.setInt(4, limit);
        List<PendingMessage> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String intent = rs.getString(10);
            Integer lastErrorCode = (Integer) rs.getObject(11);
            rows.add(new PendingMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Lane.fromColumn(rs.getInt(9)), intent == null ? null : MessageIntent.fromJson(intent),
                intent == null ? rs.getBytes(6) : null, longOrNull(rs, 12), lastErrorCode, rs.getInt(7),
                Duration.ofMillis(Math.max(0, rs.getLong(8))), longOrNull(rs, 13)));
          }
        }
        return rows;
      }
    });
  }

  /** Makes the channel's messages that back off from an outage due now, in every partition; answers how many. */
  CompletionStage<Integer> revive(String channel) {
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(REVIVE)) {
        bindOutage(c, ps, 1, channel);
        return ps.executeUpdate();
      }
    });
  }

  /** Makes the oldest of the partition's messages backing off from an outage on the channel due now; answers 1, or 0 if none. */
  CompletionStage<Integer> probe(int partition, String channel) {
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(PROBE)) {
        ps.setInt(1, partition);
        bindOutage(c, ps, 2, channel);
        return ps.executeUpdate();
      }
    });
  }

  private static void bindOutage(Connection c, PreparedStatement ps, int first, String channel) throws SQLException {
    ps.setString(first, channel);
    ps.setArray(first + 1, c.createArrayOf("integer", RetryPolicy.OUTAGE_CODES.toArray(Integer[]::new)));
  }

  /** Marks these rows on the wire for {@code doubtWindow} (one statement); answers how many were still pending. */
  CompletionStage<Integer> onTheWire(List<Long> ids, Duration doubtWindow) {
    Long[] sorted = ids.stream().sorted().toArray(Long[]::new);
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(ON_THE_WIRE)) {
        ps.setLong(1, doubtWindow.toMillis());
        ps.setArray(2, c.createArrayOf("bigint", sorted));
        return ps.executeUpdate();
      }
    });
  }

  /** Writes the outcomes in one statement; rows no longer pending are left as they are. */
  CompletionStage<Integer> record(List<Outcome> outcomes) {
    List<Outcome> sorted = new ArrayList<>(outcomes);
    sorted.sort(Comparator.comparingLong(o -> o.message().id()));
    int n = sorted.size();
    Long[] ids = new Long[n];
    String[] states = new String[n];
    String[] wamids = new String[n];
    Boolean[] attempted = new Boolean[n];
    Long[] delays = new Long[n];
    Integer[] codes = new Integer[n];
    String[] errors = new String[n];
    Boolean[] awaiting = new Boolean[n];
    Boolean[] asTemplate = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Outcome o = sorted.get(i);
      ids[i] = o.message().id();
      states[i] = o.state().column();
      attempted[i] = o.attempted();
      awaiting[i] = o instanceof Outcome.AwaitingWindow;
      asTemplate[i] = false;
      if (o instanceof Outcome.Accepted a) {
        wamids[i] = a.wamid();
        asTemplate[i] = a.asTemplate();
      } else if (o instanceof Outcome.Retry r) {
        delays[i] = r.delay().toMillis();
        codes[i] = r.errorCode();
        errors[i] = truncate(r.error());
      } else if (o instanceof Outcome.AwaitingWindow w) {
        codes[i] = w.errorCode();
        errors[i] = truncate(w.error());
      } else if (o instanceof Outcome.Failed f) {
        codes[i] = f.errorCode();
        errors[i] = truncate(f.error());
      } else if (o instanceof Outcome.Expired e) {
        codes[i] = e.errorCode();
        errors[i] = truncate(e.error());
      }
    }
    return async(c -> {
      try (PreparedStatement ps = c.prepareStatement(RECORD)) {
        bindColumns(c, ps, 1, new Column("bigint", ids), new Column("varchar", states), new Column("varchar", wamids),
            new Column("boolean", attempted), new Column("bigint", delays), new Column("integer", codes),
            new Column("varchar", errors), new Column("boolean", awaiting), new Column("boolean", asTemplate));
        return ps.executeUpdate();
      }
    });
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH);
  }

  private <T> CompletionStage<T> async(BlockingSql.Work<T> work) {
    return BlockingSql.run(dataSource, executor, work);
  }
}
