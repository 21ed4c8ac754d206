package chaupal.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import chaupal.db.BlockingSql;
import chaupal.platform.Database;
import chaupal.platform.TestCluster;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent read model on real PostgreSQL: consents given and ended through the projection, a
 * STOP ending the marketing topics only, a replay changing nothing, the audience counted and paged,
 * retention forgetting, and an event whose journal write commits late still recorded.
 */
class SubscriptionsTest {

  static final Directory DIRECTORY = Directory.load(Path.of(Directory.DEFAULT_CONFIG_DIR));
  static final String PUNJAB = "100000000000001";
  static final String SAGAR = "100000000000004";
  static final int TAGS = 2;
  static final int SLOW_COMMIT_SECONDS = 15;
  static final String SLOW = "919800010199";
  static final long T0 = 1_780_000_000_000L;

  static Database db;
  static ActorTestKit testKit;
  static Subscriptions subscriptions;
  static final Map<String, ActorRef<ConsentTestCitizen.Record>> citizens = new HashMap<>();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("subscriptions");
    testKit = ActorTestKit.create("subscriptions", TestDatabase.akkaConfig(db, ConfigFactory.parseString("""
            chaupal.citizen.tag-slices = %d
            jdbc-journal.circuit-breaker.call-timeout = 60s
            jdbc-journal.parallelism = 8
            """.formatted(TAGS)).withFallback(TestCluster.SINGLE_NODE)));
    TestCluster.joinSelf(testKit.system());
    subscriptions = Subscriptions.init(testKit.system(), db.dataSource(), ConsentTestCitizen.SOURCE, DIRECTORY);
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    db.close();
  }

  @Test
  void aStopEndsEveryMarketingTopicOfThatChannelOnlyAndConsentsComeBack() {
    String citizen = "919800010101";
    record(citizen, PUNJAB, "msewa-services", true, "chat", T0);
    record(citizen, PUNJAB, "scheme-announcements", true, "missed-call", T0 + 1);
    record(citizen, PUNJAB, "water-supply-schedule", true, "chat", T0 + 2);
    record(citizen, SAGAR, "city-events", true, "chat", T0 + 3);
    await(() -> rows(citizen) == 4);
    record(citizen, PUNJAB, null, false, "stop-word", T0 + 10);
    await(() -> "stop-word".equals(column(citizen, PUNJAB, "msewa-services", "end_reason")));
    assertEquals("stop-word", column(citizen, PUNJAB, "scheme-announcements", "end_reason"));
    assertNull(column(citizen, PUNJAB, "water-supply-schedule", "ended_at"), "a utility topic is not ended by STOP");
    assertNull(column(citizen, SAGAR, "city-events", "ended_at"), "another channel is not ended");
    assertEquals("pb.amritsar", column(citizen, PUNJAB, "msewa-services", "ulb"));

    record(citizen, PUNJAB, "msewa-services", true, "chat", T0 + 20);
    await(() -> column(citizen, PUNJAB, "msewa-services", "ended_at") == null);
    record(citizen, SAGAR, "city-events", false, "withdrawn", T0 + 30);
    await(() -> "withdrawn".equals(column(citizen, SAGAR, "city-events", "end_reason")));
  }

  @Test
  void aReplayedOrOlderChangeChangesNothing() throws Exception {
    String citizen = "919800010102";
    try (Connection c = db.dataSource().getConnection()) {
      ConsentChange given = new ConsentChange("r1", citizen, PUNJAB, T0, "msewa-services", true, "chat", "en", null, null);
      ConsentChange ended = new ConsentChange("r2", citizen, PUNJAB, T0 + 5, null, false, "user-preferences", null, null, null);
      SubscriptionTable.subscribe(c, "punjab", given);
      SubscriptionTable.end(c, ended, List.of("msewa-services"));
      SubscriptionTable.subscribe(c, "punjab", given);
      assertEquals("user-preferences", column(citizen, PUNJAB, "msewa-services", "end_reason"), "the replayed consent stays ended");
      SubscriptionTable.end(c, ended, List.of("msewa-services"));
      assertEquals("r2", column(citizen, PUNJAB, "msewa-services", "last_request"));
      ConsentChange again = new ConsentChange("r3", citizen, PUNJAB, T0 + 9, "msewa-services", true, "chat", "pa", null, null);
      SubscriptionTable.subscribe(c, "punjab", again);
      SubscriptionTable.end(c, ended, List.of("msewa-services"));
      assertNull(column(citizen, PUNJAB, "msewa-services", "ended_at"), "the stop before the new consent does not end it");
      assertEquals("pa", column(citizen, PUNJAB, "msewa-services", "language"));
    }
  }

  @Test
  void theAudienceCountsEachCitizenOncePerChannelAndPagesByKey() throws Exception {
    List<String> wanted = List.of("919800010111", "919800010112", "919800010113");
    try (Connection c = db.dataSource().getConnection()) {
      for (int i = 0; i < wanted.size(); i++) {
        String citizen = wanted.get(i);
        SubscriptionTable.subscribe(c, "sagar", new ConsentChange("a" + i, citizen, SAGAR, T0, "city-events", true, "chat", "hi", "mp.sagar", 4));
        SubscriptionTable.subscribe(c, "sagar", new ConsentChange("b" + i, citizen, SAGAR, T0 + 1, "scheme-announcements", true, "chat", "hi", "mp.sagar", 4));
      }
      SubscriptionTable.subscribe(c, "sagar", new ConsentChange("c", "919800010114", SAGAR, T0, "city-events", true, "chat", "en", "mp.sagar", 5));
      SubscriptionTable.subscribe(c, "sagar", new ConsentChange("d", "919800010115", SAGAR, T0, "city-events", true, "chat", "hi", "mp.sagar", 4));
      SubscriptionTable.end(c, new ConsentChange("e", "919800010115", SAGAR, T0 + 3, null, false, "meta-131050", null, null, null), null);
    }
    Audience audience = subscriptions.audience();
    Audience.Selection selection = new Audience.Selection("sagar", List.of("city-events", "scheme-announcements"), List.of("mp.sagar"), List.of(4), List.of("hi"));
    assertEquals(3L, audience.count(selection).toCompletableFuture().get());
    List<Audience.Member> first = audience.page(selection, null, 2).toCompletableFuture().get();
    assertEquals(List.of(wanted.get(0), wanted.get(1)), first.stream().map(Audience.Member::citizenId).toList());
    List<Audience.Member> rest = audience.page(selection, first.get(1), 2).toCompletableFuture().get();
    assertEquals(List.of(new Audience.Member(wanted.get(2), SAGAR, "hi")), rest);
    assertEquals(4L, audience.count(new Audience.Selection("sagar", List.of("city-events"), null, null, null)).toCompletableFuture().get(),
        "all but the one Meta refused (131050); the one in ward 5 in English counts without those filters");

    BlockingSql.run(db.dataSource(), Runnable::run, c -> {
      new SubscriptionForgetting().forgetCitizens(c, List.of(wanted.get(0)));
      return null;
    }).toCompletableFuture().get();
    assertEquals(2L, audience.count(selection).toCompletableFuture().get());
  }

  @Test
  void aConsentWhoseJournalWriteCommitsLateIsStillRecorded() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      // ordering (BIGSERIAL) is drawn before BEFORE triggers run: later writes get higher orderings and commit first.
      s.execute("CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
          + SLOW_COMMIT_SECONDS + "); RETURN NEW; END $$");
      s.execute("CREATE TRIGGER test_slow_commit BEFORE INSERT ON event_journal FOR EACH ROW "
          + "WHEN (NEW.persistence_id = 'ConsentTestCitizen|" + SLOW + "') EXECUTE FUNCTION test_slow_commit()");
    }
    TestProbe<Done> slow = send(SLOW, PUNJAB, "msewa-services", true, "chat", T0);
    await(() -> "1".equals(TestDatabase.query(db,
        "SELECT count(*)::text FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()",
        rs -> rs.next() ? rs.getString(1) : null)));
    List<String> fast = List.of("919800010181", "919800010182", "919800010183", "919800010184");
    for (String citizen : fast) record(citizen, PUNJAB, "msewa-services", true, "chat", T0);
    slow.expectMessage(Duration.ofSeconds(SLOW_COMMIT_SECONDS + 30), Done.getInstance());
    long slowOrdering = ordering("= ?", SLOW);
    long firstFast = ordering("IN (?, ?, ?, ?)", fast.toArray());
    assertTrue(slowOrdering < firstFast, "the slow write took its ordering first and committed last");
    for (String citizen : fast) await(() -> rows(citizen) == 1);
    Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> rows(SLOW) == 1);
  }

  // ------------------------------------------------------------------ helpers

  static void record(String citizen, String channel, String topic, boolean subscribed, String source, long at) {
    send(citizen, channel, topic, subscribed, source, at).expectMessage(Duration.ofSeconds(30), Done.getInstance());
  }

  static TestProbe<Done> send(String citizen, String channel, String topic, boolean subscribed, String source, long at) {
    TestProbe<Done> probe = testKit.createTestProbe();
    citizens.computeIfAbsent(citizen, id -> testKit.spawn(ConsentTestCitizen.create(id, TAGS), "citizen-" + id))
        .tell(new ConsentTestCitizen.Record(channel, topic, subscribed, source, at, probe.getRef()));
    return probe;
  }

  static long ordering(String condition, Object... waIds) {
    Object[] ids = java.util.Arrays.stream(waIds).map(id -> "ConsentTestCitizen|" + id).toArray();
    return TestDatabase.query(db, "SELECT min(ordering) FROM event_journal WHERE persistence_id " + condition, rs -> rs.next() ? rs.getLong(1) : -1L, ids);
  }

  static int rows(String citizen) {
    return TestDatabase.query(db, "SELECT count(*) FROM broadcast_subscription WHERE citizen_id = ?", rs -> rs.next() ? rs.getInt(1) : 0, citizen);
  }

  static String column(String citizen, String channel, String topic, String column) {
    return TestDatabase.query(db, "SELECT " + column + "::text FROM broadcast_subscription WHERE citizen_id = ? AND channel_id = ? AND topic = ?",
        rs -> rs.next() ? rs.getString(1) : null, citizen, channel, topic);
  }

  static void await(Callable<Boolean> condition) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25)).until(condition);
  }
}
