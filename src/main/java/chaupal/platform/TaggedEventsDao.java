package chaupal.platform;

import akka.NotUsed;
import akka.actor.ActorSystem;
import akka.persistence.PersistentRepr;
import akka.persistence.jdbc.AkkaSerialization;
import akka.persistence.jdbc.config.ReadJournalConfig;
import akka.persistence.jdbc.journal.dao.JournalTables;
import akka.persistence.jdbc.query.dao.DefaultReadJournalDao;
import akka.serialization.Serialization;
import akka.stream.Materializer;
import akka.stream.javadsl.Source;
import chaupal.db.BlockingSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import scala.Option;
import scala.Tuple2;
import scala.Tuple3;
import scala.concurrent.ExecutionContext;
import scala.util.Try;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The read journal of akka-persistence-jdbc with eventsByTag driven by the tag index
 * ({@code event_tag (tag, event_id)}, migration V30): it reads exactly the tag's rows in the range,
 * whatever PostgreSQL's statistics say. The plugin's own query filters the journal's range and
 * probes the tag for every row, so each of the outbox's eight tags read every event; and before
 * the young tables were analyzed it scanned all rows of the tag, so a fresh deployment under load
 * slowed down by a query that grew with the journal (22 ms a call after 16,000 events, measured).
 * Plugged in with {@code jdbc-read-journal.dao}; everything else is the plugin's.
 */
public final class TaggedEventsDao extends DefaultReadJournalDao {

  private final Serialization serialization;
  private final Executor jdbc;
  private final String sql;
  private final String sequenceSql;
  private final SettledOrderings settled = new SettledOrderings();

  public TaggedEventsDao(JdbcBackend.DatabaseDef db, JdbcProfile profile, ReadJournalConfig config,
                         Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.serialization = serialization;
    ActorSystem system = mat.system();
    this.jdbc = BlockingSql.executor(akka.actor.typed.javadsl.Adapter.toTyped(system));
    String journal = qualified(config.eventJournalTableConfiguration().schemaName(), config.eventJournalTableConfiguration().tableName());
    this.sql = query(journal, qualified(config.eventTagTableConfiguration().schemaName(), config.eventTagTableConfiguration().tableName()));
    this.sequenceSql = sequenceQuery(journal);
  }

  /**
   * The journal's orderings above a point with, from the same statement's snapshot, the highest visible
   * ordering and the snapshot's xmin and xmax (PostgreSQL 13 or later): one row even when no ordering is
   * above the point, its ordering then null.
   */
  static String sequenceQuery(String journal) {
    return "SELECT o.ordering, (SELECT max(ordering) FROM " + journal + "),"
        + " pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
        + " FROM (SELECT 1) AS one LEFT JOIN LATERAL"
        + " (SELECT ordering FROM " + journal + " WHERE ordering > ? ORDER BY ordering LIMIT ?) AS o ON true";
  }

  static String query(String journal, String tags) {
    return "SELECT j.ordering, j.deleted, j.persistence_id, j.sequence_number, j.writer, j.write_timestamp,"
        + " j.adapter_manifest, j.event_payload, j.event_ser_id, j.event_ser_manifest,"
        + " j.meta_payload, j.meta_ser_id, j.meta_ser_manifest"
        + " FROM " + tags + " t JOIN " + journal + " j ON j.ordering = t.event_id"
        + " WHERE t.tag = ? AND t.event_id > ? AND t.event_id <= ? AND j.deleted = false"
        + " ORDER BY t.event_id LIMIT ?";
  }

  /** A journal table's name as configured, with its schema when one is set. */
  static String qualified(Option<String> schema, String table) {
    return schema.isDefined() ? schema.get() + "." + table : table;
  }

  @Override
  public akka.stream.scaladsl.Source<Try<Tuple3<PersistentRepr, scala.collection.immutable.Set<String>, Object>>, NotUsed>
      eventsByTag(String tag, long offset, long maxOffset, long max) {
    // The plugin asks again when no event was written since its last poll (offset == maxOffset): that
    // range holds no event, and skipping it makes an idle tag stream's poll cost no database query.
    if (maxOffset <= offset) return akka.stream.scaladsl.Source.empty();
    CompletableFuture<List<JournalTables.JournalAkkaSerializationRow>> rows =
        CompletableFuture.supplyAsync(() -> read(tag, offset, maxOffset, max), jdbc);
    return Source.completionStage(rows)
        .mapConcat(list -> list)
        .map(this::deserialize)
        .asScala();
  }

  /**
   * What the plugin's sequence reader is told: every settled ordering ({@link SettledOrderings}), so that
   * it waits for a gap only while a write that may fill it is still running, not its minute.
   */
  @Override
  public akka.stream.scaladsl.Source<Object, NotUsed> journalSequence(long offset, long limit) {
    if (settled.settledThrough(offset, limit)) return Source.from(List.<Object>copyOf(settled.settledAbove(offset, limit))).asScala();
    CompletableFuture<List<Long>> orderings = CompletableFuture.supplyAsync(
        () -> settled.orderings(offset, limit, readSequence(settled.readFrom(offset), limit)), jdbc);
    return Source.completionStage(orderings).mapConcat(list -> list).<Object>map(o -> o).asScala();
  }

  private SettledOrderings.Reading readSequence(long from, long limit) {
    try (Connection c = db().source().createConnection(); PreparedStatement ps = c.prepareStatement(sequenceSql)) {
      ps.setLong(1, from);
      ps.setLong(2, limit);
      List<Long> visible = new ArrayList<>();
      long highest = 0;
      long xmin = 0;
      long xmax = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long ordering = rs.getLong(1);
          if (!rs.wasNull()) visible.add(ordering);
          highest = rs.getLong(2);
          xmin = rs.getLong(3);
          xmax = rs.getLong(4);
        }
      }
      return new SettledOrderings.Reading(visible, highest, xmin, xmax);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the journal's orderings after " + from + ": " + e.getMessage(), e);
    }
  }

  private Try<Tuple3<PersistentRepr, scala.collection.immutable.Set<String>, Object>> deserialize(
      JournalTables.JournalAkkaSerializationRow row) {
    Try<Tuple2<PersistentRepr, Object>> event = AkkaSerialization.fromRow(serialization, row);
    // Like the plugin, the tags of the event are not filled in: nothing reads them.
    return event.map(pair -> new Tuple3<>(pair._1(), scala.collection.immutable.Set$.MODULE$.empty(), pair._2()));
  }

  private List<JournalTables.JournalAkkaSerializationRow> read(String tag, long offset, long maxOffset, long max) {
    try (Connection c = db().source().createConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tag);
      ps.setLong(2, offset);
      ps.setLong(3, maxOffset);
      ps.setLong(4, max);
      List<JournalTables.JournalAkkaSerializationRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new JournalTables.JournalAkkaSerializationRow(
              rs.getLong(1), rs.getBoolean(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6),
              rs.getString(7), rs.getBytes(8), rs.getInt(9), rs.getString(10),
              Option.apply(rs.getBytes(11)), optionalInt(rs, 12), Option.apply(rs.getString(13))));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the events tagged " + tag + " after " + offset + ": " + e.getMessage(), e);
    }
  }

  private static Option<Object> optionalInt(ResultSet rs, int column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Option.empty() : Option.apply(value);
  }
}
