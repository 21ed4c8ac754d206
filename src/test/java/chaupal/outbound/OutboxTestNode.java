package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import chaupal.db.BlockingSql;
import chaupal.platform.Database;
import chaupal.platform.TestCluster;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.OutgoingContent;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** A single-node cluster on a test database, with helpers to persist replies and read the outbox. */
final class OutboxTestNode implements AutoCloseable {

  static final String CHANNEL = "100000000000001";

  final ActorTestKit testKit;
  final Database db;
  private final int tagCount;
  private final Map<String, ActorRef<TestCitizen.Reply>> citizens = new HashMap<>();

  OutboxTestNode(Database db, int tagCount, String extraConfig) {
    this.db = db;
    this.tagCount = tagCount;
    this.testKit = TestCluster.start("outbox", TestDatabase.akkaConfig(db, ConfigFactory.parseString(extraConfig)));
  }

  OutboxSettings settings() {
    return OutboxSettings.defaults(tagCount).withTags(TestCitizen.TAG_PREFIX, tagCount);
  }

  /** Polls every 200 ms, retries after 20 to 200 ms and gives up after 4 attempts, 1,000 sends a second: tests finish fast. */
  OutboxSettings briskSettings() {
    return settings()
        .withPollInterval(Duration.ofMillis(200))
        .withRetries(Duration.ofMillis(20), Duration.ofMillis(200), 4, Duration.ofHours(1))
        .withRates(Map.of(), 1000);
  }

  void start(OutboxSettings settings, CloudApi api, OutboundMetrics metrics, java.util.function.LongSupplier clock) {
    OutboxProjection.init(testKit.system(), settings, TestCitizen.SOURCE, db.dataSource(), api, metrics, clock);
  }

  void start(OutboxSettings settings, CloudApi api, StoredMediaSend storedMedia) {
    OutboxProjection.init(testKit.system(), settings, TestCitizen.SOURCE, db.dataSource(), api, storedMedia, OutboundMetrics.NONE,
        System::nanoTime);
  }

  void start(OutboxSettings settings, CloudApi api, MarketingRefusals refusals) {
    OutboxProjection.init(testKit.system(), settings, TestCitizen.SOURCE, db.dataSource(), api,
        StoredMediaSend.none(db.dataSource(), BlockingSql.executor(testKit.system())), OutboundMetrics.NONE, System::nanoTime,
        TemplateRegistry.NONE, refusals);
  }

  ActorRef<TestCitizen.Reply> citizen(String waId) {
    return citizens.computeIfAbsent(waId, id -> testKit.spawn(TestCitizen.create(id, tagCount), "citizen-" + id));
  }

  /** Persists one event carrying these replies and waits until it is in the journal. */
  void reply(String waId, String... texts) {
    replyOn(CHANNEL, waId, texts);
  }

  void replyOn(String channel, String waId, String... texts) {
    persist(channel, waId, List.of(texts), null);
  }

  /** Persists news for the citizen (no message of theirs): free-form {@code text}, or {@code template} outside the window. */
  void notify(String waId, String text, OutgoingContent.Template template) {
    persist(CHANNEL, waId, List.of(text), template);
  }

  /** Persists news for the citizen: the stored photo {@code photoId} with this caption. */
  void photo(String waId, String photoId, String caption) {
    persist(CHANNEL, waId, List.of(caption), null, photoId);
  }

  private void persist(String channel, String waId, List<String> texts, OutgoingContent.Template template) {
    persist(channel, waId, texts, template, null);
  }

  private void persist(String channel, String waId, List<String> texts, OutgoingContent.Template template, String photoId) {
    TestProbe<Done> probe = testKit.createTestProbe();
    citizen(waId).tell(new TestCitizen.Reply(channel, texts, template, photoId, probe.getRef()));
    probe.expectMessage(Duration.ofSeconds(30), Done.getInstance());
  }

  /** Runs one statement that changes rows (a test's own setup). */
  void exec(String sql, Object... params) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  <T> T sql(String sql, TestDatabase.Read<T> read, Object... params) {
    return TestDatabase.query(db, sql, read, params);
  }

  long count(String sql, Object... params) {
    return sql(sql, rs -> {
      rs.next();
      return rs.getLong(1);
    }, params);
  }

  /** The outbox row whose request carries this text (state, attempts, wamid, error_code, last_error); empty if none yet. */
  Map<String, Object> row(String text) {
    return sql("SELECT state, attempts, wamid, error_code, last_error FROM outbound_message WHERE intent::text LIKE ?",
        rs -> {
          Map<String, Object> m = new HashMap<>();
          int rows = 0;
          while (rs.next()) {
            rows++;
            m.put("state", rs.getString(1));
            m.put("attempts", rs.getInt(2));
            m.put("wamid", rs.getString(3));
            m.put("error_code", rs.getObject(4));
            m.put("last_error", rs.getString(5));
          }
          assertTrue(rows <= 1, "outbox rows for " + text);
          return m;
        }, "%\"" + text + "\"%");
  }

  static void await(Duration max, Callable<Boolean> condition) {
    Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(25)).until(condition);
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
