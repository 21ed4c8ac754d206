package chaupal.outbound;

import static chaupal.db.BlockingSql.bindColumns;

import akka.Done;
import akka.actor.typed.ActorSystem;
import chaupal.db.BlockingSql;
import chaupal.db.BlockingSql.Column;
import chaupal.whatsapp.DeliveryStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Delivery statuses from Meta's webhooks, one row per wamid holding the furthest status so far.
 * Statuses arrive out of order, more than once, and possibly before the sender has stored the wamid:
 * a status never moves backwards ({@code sent < delivered < read < played < failed}), a repeated
 * (wamid, status) changes nothing, and the row stands on its own until the outbox row joins it.
 */
public final class DeliveryTracker {

  // A status naming a pending outbox row by its callback data (OutboxCallback) means Meta accepted a send
  // of it whose outcome was not stored (its sender died, or lost the answer): the row is accepted with
  // this wamid, and is not sent again. In the same statement, so a status webhook costs no extra round trip.
  // Rows are locked in one order whatever the batch's (status rows by wamid, as bound; outbox rows by id,
  // locked first in the ordered subselect): two webhooks naming the same rows in other orders deadlocked.
  private static final String UPSERT = """
      WITH u AS (
        SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::smallint[], ?::bigint[], ?::varchar[], ?::integer[], ?::varchar[], ?::bigint[])
             WITH ORDINALITY AS u(wamid, status, status_rank, at_ms, recipient, error_code, error_title, outbox_id, n)),
      pending AS (
        SELECT m.id, u.wamid FROM outbound_message m JOIN u ON m.id = u.outbox_id
        WHERE m.state = 'pending' ORDER BY m.id FOR UPDATE OF m),
      resolved AS (
        UPDATE outbound_message m SET state = 'accepted', wamid = p.wamid, accepted_at = now(), on_the_wire_since = NULL,
          updated_at = now()
        FROM pending p WHERE m.id = p.id AND m.state = 'pending')
      INSERT INTO outbound_delivery_status AS s (wamid, status, status_rank, status_at, recipient, error_code, error_title)
      SELECT u.wamid, u.status, u.status_rank, to_timestamp(u.at_ms / 1000.0), u.recipient, u.error_code, u.error_title
      FROM u ORDER BY u.n
      ON CONFLICT (wamid) DO UPDATE SET
        status = EXCLUDED.status, status_rank = EXCLUDED.status_rank, status_at = EXCLUDED.status_at,
        recipient = COALESCE(EXCLUDED.recipient, s.recipient),
        error_code = EXCLUDED.error_code, error_title = EXCLUDED.error_title, updated_at = now()
      WHERE s.status_rank < EXCLUDED.status_rank""";

  private static final String VIEW = """
      SELECT m.message_key, m.state, m.attempts, COALESCE(m.recipient, s.recipient), COALESCE(m.wamid, s.wamid),
             m.accepted_at, m.error_code, m.last_error, s.status, s.status_at, s.error_code, s.error_title
      """;

  private static final String BY_MESSAGE_KEY = VIEW + """
      FROM outbound_message m LEFT JOIN outbound_delivery_status s ON s.wamid = m.wamid
      WHERE m.message_key = ?""";

  private static final String BY_WAMID = VIEW + """
      FROM (SELECT ?::varchar AS wamid) w
      LEFT JOIN outbound_message m ON m.wamid = w.wamid
      LEFT JOIN outbound_delivery_status s ON s.wamid = w.wamid
      WHERE m.id IS NOT NULL OR s.wamid IS NOT NULL""";

  private static final int MAX_TITLE_LENGTH = 1000;

  // The channel and citizen of the messages Meta failed with 131050, from the outbox that sent them.
  private static final String STOPPED = "SELECT wamid, phone_number_id, recipient FROM outbound_message WHERE wamid = ANY(?::varchar[])";

  private final DataSource dataSource;
  private final Executor executor;
  private final MarketingRefusals refusals;

  /** {@code executor} runs the JDBC calls: a blocking dispatcher, never an actor's. */
  public DeliveryTracker(DataSource dataSource, Executor executor) {
    this(dataSource, executor, MarketingRefusals.NONE);
  }

  /** As above, telling {@code refusals} of every message Meta failed because the citizen stopped marketing (131050). */
  public DeliveryTracker(DataSource dataSource, Executor executor, MarketingRefusals refusals) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.refusals = refusals;
  }

  /** A tracker whose JDBC calls run on {@code chaupal.blocking-jdbc-dispatcher}. */
  public static DeliveryTracker create(ActorSystem<?> system, DataSource dataSource) {
    return new DeliveryTracker(dataSource, BlockingSql.executor(system));
  }

  /** A tracker that tells {@code refusals} of 131050 failures. */
  public static DeliveryTracker create(ActorSystem<?> system, DataSource dataSource, MarketingRefusals refusals) {
    return new DeliveryTracker(dataSource, BlockingSql.executor(system), refusals);
  }

  /**
   * Stores the reports in one statement; completes once they are committed and every 131050 among
   * them has been told to the refusals (so a webhook is acknowledged only then).
   */
  public CompletionStage<Done> record(List<DeliveryReport> reports) {
    List<DeliveryReport> stopped =
        reports.stream().filter(r -> r.errorCode() != null && r.errorCode() == MarketingRefusals.STOPPED_MARKETING).toList();
    CompletionStage<Done> stored = store(reports);
    if (stopped.isEmpty()) return stored;
    return stored
        .thenCompose(done -> BlockingSql.run(dataSource, executor, c -> {
          List<String[]> found = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(STOPPED)) {
            ps.setArray(1, c.createArrayOf("varchar", stopped.stream().map(DeliveryReport::wamid).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
          }
          return found;
        }))
        .thenCompose(found -> {
          Map<String, Long> at = new LinkedHashMap<>();
          for (DeliveryReport r : stopped) at.put(r.wamid(), r.timestamp().toEpochMilli());
          CompletableFuture<?>[] told = found.stream()
              .map(row -> refusals.stopped(row[1], row[2], at.get(row[0])).toCompletableFuture())
              .toArray(CompletableFuture[]::new);
          return CompletableFuture.allOf(told).thenApply(v -> Done.getInstance());
        });
  }

  private CompletionStage<Done> store(List<DeliveryReport> reports) {
    List<DeliveryReport> rows = furthestPerWamid(reports);
    if (rows.isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
    int n = rows.size();
    String[] wamids = new String[n];
    String[] statuses = new String[n];
    Short[] ranks = new Short[n];
    Long[] times = new Long[n];
    String[] recipients = new String[n];
    Integer[] codes = new Integer[n];
    String[] titles = new String[n];
    Long[] outboxRows = new Long[n];
    for (int i = 0; i < n; i++) {
      DeliveryReport r = rows.get(i);
      wamids[i] = r.wamid();
      statuses[i] = r.status().wireName();
      ranks[i] = (short) r.status().rank();
      times[i] = r.timestamp().toEpochMilli();
      recipients[i] = r.recipient();
      codes[i] = r.errorCode();
      outboxRows[i] = OutboxCallback.rowOf(r.callbackData());
      titles[i] = r.errorTitle() == null || r.errorTitle().length() <= MAX_TITLE_LENGTH ? r.errorTitle() : r.errorTitle().substring(0, MAX_TITLE_LENGTH);
    }
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        bindColumns(c, ps, 1, new Column("varchar", wamids), new Column("varchar", statuses),
            new Column("smallint", ranks), new Column("bigint", times),
            new Column("varchar", recipients), new Column("integer", codes),
            new Column("varchar", titles), new Column("bigint", outboxRows));
        ps.executeUpdate();
        return Done.getInstance();
      }
    });
  }

  /**
   * One row per wamid (an upsert may touch a row only once), the furthest status of the batch, the
   * first of equals; sorted by wamid so that concurrent webhooks lock rows in the same order.
   */
  static List<DeliveryReport> furthestPerWamid(List<DeliveryReport> reports) {
    Map<String, DeliveryReport> furthest = new LinkedHashMap<>();
    for (DeliveryReport r : reports) {
      furthest.merge(r.wamid(), r, (old, now) -> now.status().rank() > old.status().rank() ? now : old);
    }
    List<DeliveryReport> rows = new ArrayList<>(furthest.values());
    rows.sort(Comparator.comparing(DeliveryReport::wamid));
    return rows;
  }

  /** Our side and Meta's side of the message with this key. */
  public CompletionStage<Optional<DeliveryView>> statusOf(String messageKey) {
    return query(BY_MESSAGE_KEY, messageKey);
  }

  /** Our side and Meta's side of the message with this wamid; Meta's side alone if no outbox row has it yet. */
  public CompletionStage<Optional<DeliveryView>> statusOfWamid(String wamid) {
    return query(BY_WAMID, wamid);
  }

  private CompletionStage<Optional<DeliveryView>> query(String sql, String key) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(view(rs)) : Optional.empty();
        }
      }
    });
  }

  private static DeliveryView view(ResultSet rs) throws SQLException {
    String state = rs.getString(2);
    String status = rs.getString(9);
    return new DeliveryView(
        rs.getString(1),
        state == null ? null : OutboxState.fromColumn(state),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        instant(rs.getTimestamp(6)),
        (Integer) rs.getObject(7),
        rs.getString(8),
        status == null ? null : DeliveryStatus.fromWire(status).orElse(null),
        instant(rs.getTimestamp(10)),
        (Integer) rs.getObject(11),
        rs.getString(12));
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
