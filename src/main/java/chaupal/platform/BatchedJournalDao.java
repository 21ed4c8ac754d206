package chaupal.platform;

import akka.persistence.jdbc.config.EventJournalTableColumnNames;
import akka.persistence.jdbc.config.EventTagTableColumnNames;
import akka.persistence.jdbc.config.JournalConfig;
import akka.persistence.jdbc.journal.dao.DefaultJournalDao;
import akka.persistence.jdbc.journal.dao.JournalTables.JournalAkkaSerializationRow;
import akka.serialization.Serialization;
import akka.stream.Materializer;
import chaupal.db.BlockingSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;
import scala.runtime.BoxedUnit;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The journal of akka-persistence-jdbc with a batch of events written by one statement. The plugin
 * inserts each event on its own to learn its ordering for the tag rows: 35,108 single-row INSERTs
 * for 35,108 events under load, and about 16% of the JVM's CPU in the plugin and Slick. Here the
 * plugin's batch (many citizens' writes, up to {@code jdbc-journal.batchSize} rows) goes in as
 * arrays: the statement text never changes, so PostgreSQL keeps it prepared. Plugged in with
 * {@code jdbc-journal.dao}; reads, deletes and sequence numbers stay the plugin's.
 */
public final class BatchedJournalDao extends DefaultJournalDao {

  private static final CompletableFuture<BoxedUnit> NOTHING_TO_WRITE = CompletableFuture.completedFuture(BoxedUnit.UNIT);

  private final Executor jdbc;
  private final String sql;
  private final JournalWrites writes;

  public BatchedJournalDao(JdbcBackend.DatabaseDef db, JdbcProfile profile, JournalConfig config,
                           Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.jdbc = BlockingSql.executor(akka.actor.typed.javadsl.Adapter.toTyped(mat.system()));
    this.writes = JournalWrites.get(akka.actor.typed.javadsl.Adapter.toTyped(mat.system()));
    this.sql = insert(
        TaggedEventsDao.qualified(config.eventJournalTableConfiguration().schemaName(), config.eventJournalTableConfiguration().tableName()),
        config.eventJournalTableConfiguration().columnNames(),
        TaggedEventsDao.qualified(config.eventTagTableConfiguration().schemaName(), config.eventTagTableConfiguration().tableName()),
        config.eventTagTableConfiguration().columnNames());
  }

  /**
   * The journal rows and then their tags, in one statement and so in one transaction. RETURNING's
   * order is unspecified, so a tag finds its event's ordering by the event's primary key
   * (persistence id, sequence number), never by position.
   *
   * <p>The transaction takes its id before it draws the first ordering: the rows are sorted (a barrier)
   * after joining the one-row {@code xact}, and their orderings are drawn after the sort. So a reader that
   * sees every transaction of a snapshot's time ended knows that an ordering below that snapshot's
   * highest that it still cannot see never will be ({@link SettledOrderings}).
   */
  static String insert(String journal, EventJournalTableColumnNames j, String tags, EventTagTableColumnNames t) {
    return "WITH xact AS MATERIALIZED (SELECT pg_current_xact_id() AS id), written AS ("
        + " INSERT INTO " + journal + " (" + j.deleted() + ", " + j.persistenceId() + ", " + j.sequenceNumber() + ", "
        + j.writer() + ", " + j.writeTimestamp() + ", " + j.adapterManifest() + ", " + j.eventPayload() + ", "
        + j.eventSerId() + ", " + j.eventSerManifest() + ", " + j.metaPayload() + ", " + j.metaSerId() + ", "
        + j.metaSerManifest() + ")"
        + " SELECT deleted, persistence_id, sequence_number, writer, write_timestamp, adapter_manifest,"
        + " event_payload, event_ser_id, event_ser_manifest, meta_payload, meta_ser_id, meta_ser_manifest"
        + " FROM unnest(?::boolean[], ?::varchar[], ?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[],"
        + " ?::bytea[], ?::integer[], ?::varchar[], ?::bytea[], ?::integer[], ?::varchar[])"
        + " WITH ORDINALITY AS batch (deleted, persistence_id, sequence_number, writer, write_timestamp, adapter_manifest,"
        + " event_payload, event_ser_id, event_ser_manifest, meta_payload, meta_ser_id, meta_ser_manifest, position)"
        + " CROSS JOIN xact"
        // Orderings are drawn in the batch's order, so one entity's events get increasing orderings.
        + " ORDER BY position"
        + " RETURNING " + j.ordering() + ", " + j.persistenceId() + ", " + j.sequenceNumber() + ")"
        + " INSERT INTO " + tags + " (" + t.eventId() + ", " + t.tag() + ")"
        + " SELECT written." + j.ordering() + ", tagged.tag"
        + " FROM unnest(?::varchar[], ?::bigint[], ?::varchar[]) AS tagged (persistence_id, sequence_number, tag)"
        + " JOIN written ON written." + j.persistenceId() + " = tagged.persistence_id"
        + " AND written." + j.sequenceNumber() + " = tagged.sequence_number";
  }

  /** All of the batch or none of it: a failure fails the future and with it every write of the batch. */
  @Override
  public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalAkkaSerializationRow, Set<String>>> batch) {
    if (batch.isEmpty()) return FutureConverters.asScala(NOTHING_TO_WRITE);
    CompletableFuture<BoxedUnit> written = new CompletableFuture<>();
    try {
      jdbc.execute(() -> {
        try {
          write(batch);
          written.complete(BoxedUnit.UNIT);
        } catch (Throwable e) {
          written.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return FutureConverters.asScala(written);
  }

  private void write(Seq<Tuple2<JournalAkkaSerializationRow, Set<String>>> batch) throws SQLException {
    List<Tuple2<JournalAkkaSerializationRow, Set<String>>> events = new ArrayList<>(CollectionConverters.asJava(batch));
    // As the plugin does (a stable sort): within one entity this is its order of events anyway.
    events.sort(Comparator.comparingLong(event -> event._1().sequenceNumber()));
    int n = events.size();
    Boolean[] deleted = new Boolean[n];
    String[] persistenceIds = new String[n];
    Long[] sequenceNumbers = new Long[n];
    String[] writers = new String[n];
    Long[] writeTimestamps = new Long[n];
    String[] adapterManifests = new String[n];
    byte[][] eventPayloads = new byte[n][];
    Integer[] eventSerIds = new Integer[n];
    String[] eventSerManifests = new String[n];
    byte[][] metaPayloads = new byte[n][];
    Integer[] metaSerIds = new Integer[n];
    String[] metaSerManifests = new String[n];
    List<String> tagPersistenceIds = new ArrayList<>();
    List<Long> tagSequenceNumbers = new ArrayList<>();
    List<String> tagNames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JournalAkkaSerializationRow row = events.get(i)._1();
      deleted[i] = row.deleted();
      persistenceIds[i] = row.persistenceId();
      sequenceNumbers[i] = row.sequenceNumber();
      writers[i] = row.writer();
      writeTimestamps[i] = row.writeTimestamp();
      adapterManifests[i] = row.adapterManifest();
      eventPayloads[i] = row.eventPayload();
      eventSerIds[i] = row.eventSerId();
      eventSerManifests[i] = row.eventSerManifest();
      metaPayloads[i] = row.metaPayload().isDefined() ? row.metaPayload().get() : null;
      metaSerIds[i] = row.metaSerId().isDefined() ? (Integer) row.metaSerId().get() : null;
      metaSerManifests[i] = row.metaSerManifest().isDefined() ? row.metaSerManifest().get() : null;
      for (String tag : CollectionConverters.asJava(events.get(i)._2())) {
        tagPersistenceIds.add(row.persistenceId());
        tagSequenceNumbers.add(row.sequenceNumber());
        tagNames.add(tag);
      }
    }
    long start = System.nanoTime();
    try (Connection c = db().source().createConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      // One statement is one transaction only with auto-commit; without it the pool would roll the batch back.
      c.setAutoCommit(true);
      ps.setArray(1, c.createArrayOf("boolean", deleted));
      ps.setArray(2, c.createArrayOf("varchar", persistenceIds));
      ps.setArray(3, c.createArrayOf("bigint", sequenceNumbers));
      ps.setArray(4, c.createArrayOf("varchar", writers));
      ps.setArray(5, c.createArrayOf("bigint", writeTimestamps));
      ps.setArray(6, c.createArrayOf("varchar", adapterManifests));
      ps.setArray(7, c.createArrayOf("bytea", eventPayloads));
      ps.setArray(8, c.createArrayOf("integer", eventSerIds));
      ps.setArray(9, c.createArrayOf("varchar", eventSerManifests));
      ps.setArray(10, c.createArrayOf("bytea", metaPayloads));
      ps.setArray(11, c.createArrayOf("integer", metaSerIds));
      ps.setArray(12, c.createArrayOf("varchar", metaSerManifests));
      ps.setArray(13, c.createArrayOf("varchar", tagPersistenceIds.toArray(String[]::new)));
      ps.setArray(14, c.createArrayOf("bigint", tagSequenceNumbers.toArray(Long[]::new)));
      ps.setArray(15, c.createArrayOf("varchar", tagNames.toArray(String[]::new)));
      ps.executeUpdate();
    } finally {
      writes.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
