package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.OutgoingContent;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox queries on their own: which message of each citizen is due, and how outcomes land. */
class OutboxStoreTest {

  private static final String CHANNEL = "100000000000001";
  private static final String OTHER_CHANNEL = "100000000000002";
  private static Database db;
  private static ExecutorService executor;
  private static OutboxStore store;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("outbox_store");
    executor = Executors.newFixedThreadPool(2);
    store = new OutboxStore(db.dataSource(), executor);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    db.close();
  }

  @BeforeEach
  void empty() throws Exception {
    exec("DELETE FROM outbound_message");
  }

  private static void exec(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int insert(int partition, OutboundRequest... requests) throws Exception {
    return inserted(partition, requests).size();
  }

  private static List<PendingMessage> inserted(int partition, OutboundRequest... requests) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      return OutboxStore.insert(c, partition, List.of(requests)).stream().map(OutboxStore.Inserted::message).toList();
    }
  }

  private static OutboundRequest request(String key, String citizen, String channel) {
    return new OutboundRequest(key, citizen, channel, citizen, Lane.REPLY, MessageIntent.freeForm(new OutgoingContent.Text(key, false)));
  }

  private static List<String> due(int partition, List<String> busy, List<String> fullChannels, int limit) {
    return store.dueHeads(partition, busy, fullChannels, limit).toCompletableFuture().join().stream().map(PendingMessage::messageKey).toList();
  }

  @Test
  void anInsertReturnsItsNewRowsInOrderForTheSenderToTakeFromMemory() throws Exception {
    List<PendingMessage> rows = inserted(3, request("m1", "M", CHANNEL), request("n1", "N", OTHER_CHANNEL),
        request("m2", "M", CHANNEL));
    assertEquals(List.of("m1", "n1", "m2"), rows.stream().map(PendingMessage::messageKey).toList());
    assertTrue(rows.get(0).id() < rows.get(1).id() && rows.get(1).id() < rows.get(2).id(), "in outbox order");
    assertEquals("N", rows.get(1).orderingKey());
    assertEquals(OTHER_CHANNEL, rows.get(1).phoneNumberId());
    assertEquals(new OutgoingContent.Text("n1", false), rows.get(1).intent().freeForm());
    assertEquals(List.of("m3"), inserted(3, request("m2", "M", CHANNEL), request("m3", "M", CHANNEL)).stream()
        .map(PendingMessage::messageKey).toList(), "a replayed row is not new");
    assertEquals(java.util.Set.of("M", "N"), store.pendingKeys(3).toCompletableFuture().join());
    assertEquals(java.util.Set.of(), store.pendingKeys(4).toCompletableFuture().join());
  }

  @Test
  void recordingOutcomesFindsRowsByPrimaryKeyWhenStatisticsAreStale() throws Exception {
    // Analyzed while almost nothing was pending, then a backlog builds up: the statistics say "few
    // pending rows", and a plan that reads every pending row to find a handful grows with the backlog.
    exec("INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, body, state)"
        + " SELECT 'plan-' || g, 0, 'P' || (g % 700), '" + CHANNEL + "', 'P' || (g % 700), '\\x00',"
        + " CASE WHEN g > 19990 THEN 'pending' ELSE 'accepted' END FROM generate_series(1, 20000) g");
    exec("ANALYZE outbound_message");
    exec("UPDATE outbound_message SET state = 'pending' WHERE id % 4 = 0");
    assertFindsRowsByPrimaryKey(genericPlanOfRecord());
  }

  @Test
  void recordingOutcomesFindsRowsByPrimaryKeyBeforeTheTableWasEverAnalyzed() throws Exception {
    // A new deployment's first minutes under load: the table grows faster than autovacuum looks at it.
    exec("INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, body, state)"
        + " SELECT 'young-' || g, 0, 'P' || (g % 700), '" + CHANNEL + "', 'P' || (g % 700), '\\x00',"
        + " CASE WHEN g % 4 = 0 THEN 'pending' ELSE 'accepted' END FROM generate_series(1, 20000) g");
    assertFindsRowsByPrimaryKey(genericPlanOfRecord());
  }

  private static void assertFindsRowsByPrimaryKey(String plan) {
    assertFalse(plan.contains("outbound_message_head_idx") || plan.contains("outbound_message_due_idx")
        || plan.contains("Seq Scan on outbound_message"), plan);
  }

  /** The plan of the sender's statement as the driver runs it: prepared by name, planned without the arrays. */
  private static String genericPlanOfRecord() throws Exception {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : OutboxStore.RECORD.toCharArray()) {
      if (ch == '?') numbered.append('$').append(++n); else numbered.append(ch);
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE record_outcomes AS " + numbered);
      try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN EXECUTE record_outcomes("
          + String.join(", ", java.util.Collections.nCopies(n, "NULL")) + ")")) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      s.execute("DEALLOCATE record_outcomes");
      s.execute("RESET plan_cache_mode"); // the pool hands this connection out again
    }
    return plan.toString();
  }

  @Test
  void onlyTheFirstPendingMessageOfEachCitizenIsDue() throws Exception {
    assertEquals(5, insert(0, request("a1", "A", CHANNEL), request("a2", "A", CHANNEL), request("b1", "B", CHANNEL),
        request("a3", "A", CHANNEL), request("c1", "C", OTHER_CHANNEL)));
    assertEquals(0, insert(0, request("a1", "A", CHANNEL)), "a replayed key inserts nothing");

    assertEquals(List.of("a1", "b1", "c1"), due(0, List.of(), List.of(), 10));
    assertEquals(List.of("b1", "c1"), due(0, List.of("A"), List.of(), 10), "a citizen in the sender's hands is left out");
    assertEquals(List.of("a1", "b1"), due(0, List.of(), List.of(OTHER_CHANNEL), 10), "a full channel is left out");
    assertEquals(List.of("a1"), due(0, List.of(), List.of(), 1));
    assertEquals(List.of(), due(1, List.of(), List.of(), 10), "another partition's rows are not due here");
  }

  @Test
  void outcomesMoveTheHeadOnOrHoldItBack() throws Exception {
    insert(0, request("a1", "A", CHANNEL), request("a2", "A", CHANNEL), request("b1", "B", CHANNEL),
        request("b2", "B", CHANNEL), request("c1", "C", CHANNEL), request("c2", "C", CHANNEL));
    List<PendingMessage> heads = store.dueHeads(0, List.of(), List.of(), 10).toCompletableFuture().join();
    PendingMessage a1 = heads.get(0);
    PendingMessage b1 = heads.get(1);
    PendingMessage c1 = heads.get(2);

    int updated = store.record(List.of(
        new Outcome.Accepted(a1, "wamid.A1"),
        new Outcome.Retry(b1, Duration.ofHours(1), 130429, "130429 Rate limit hit"),
        new Outcome.Failed(c1, 131026, "131026 Message undeliverable"))).toCompletableFuture().join();
    assertEquals(3, updated);

    assertEquals(List.of("a2", "c2"), due(0, List.of(), List.of(), 10), "b1 waits for its retry and holds b2 back");
    assertEquals(0, store.record(List.of(new Outcome.Accepted(a1, "wamid.other"))).toCompletableFuture().join(),
        "a finished row is never written again");
  }

  private static OutboundRequest request(String key, String citizen, Lane lane) {
    return new OutboundRequest(key, citizen, CHANNEL, citizen, lane, MessageIntent.freeForm(new OutgoingContent.Text(key, false)));
  }

  @Test
  void repliesAreDueBeforeCampaignsButACitizenKeepsTheirOwnOrder() throws Exception {
    insert(0, request("campaign-a", "A", Lane.CAMPAIGN), request("campaign-b", "B", Lane.CAMPAIGN),
        request("note-c", "C", Lane.NOTIFICATION), request("reply-b", "B", Lane.REPLY), request("reply-d", "D", Lane.REPLY));
    // B's campaign message came first, so it is B's head whatever the lanes: one citizen, one line.
    assertEquals(List.of("reply-d", "note-c", "campaign-a", "campaign-b"), due(0, List.of(), List.of(), 10));
    assertEquals(List.of("reply-d", "note-c"), due(0, List.of(), List.of(), 2), "a full sender takes replies first");
  }

  @Test
  void theCitizensWindowComesWithTheirRowsAndOnlyMovesForward() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      OutboxStore.openWindows(c, List.of(new OutboxSource.WindowOpened(CHANNEL, "W", 1_750_000_000_000L),
          new OutboxSource.WindowOpened(CHANNEL, "W", 1_750_000_060_000L)));
      OutboxStore.openWindows(c, List.of(new OutboxSource.WindowOpened(CHANNEL, "W", 1_740_000_000_000L)));
      List<OutboxStore.Inserted> added = OutboxStore.insert(c, 0, List.of(request("w1", "W", CHANNEL), request("v1", "V", CHANNEL)));
      assertEquals(1_750_000_060_000L, added.get(0).message().lastInboundMillis(), "the latest message wins, an older one changes nothing");
      assertEquals(null, added.get(1).message().lastInboundMillis(), "V never wrote on this channel");
    }
    PendingMessage head = store.dueHeads(0, List.of(), List.of(), 10).toCompletableFuture().join().get(0);
    assertEquals(1_750_000_060_000L, head.lastInboundMillis());
    assertEquals(new OutgoingContent.Text("w1", false), head.intent().freeForm());
    exec("DELETE FROM outbound_service_window");
  }

  @Test
  void aNewRowBehindAnOlderOneInAnotherPartitionSaysSo() throws Exception {
    insert(1, request("y1", "Y", CHANNEL));
    try (Connection c = db.dataSource().getConnection()) {
      List<OutboxStore.Inserted> added = OutboxStore.insert(c, 0, List.of(request("y2", "Y", CHANNEL), request("z1", "Z", CHANNEL)));
      assertTrue(added.get(0).behind(), "memory must not send y2 before y1");
      assertFalse(added.get(1).behind());
    }
  }

  @Test
  void anEarlierPendingMessageInAnotherPartitionHoldsTheCitizenBack() throws Exception {
    insert(1, request("x1", "X", CHANNEL));
    insert(0, request("x2", "X", CHANNEL));

    assertEquals(List.of(), due(0, List.of(), List.of(), 10));
    assertEquals(List.of("x1"), due(1, List.of(), List.of(), 10));
  }

  // ------------------------------------------------------------------ cancellations (issue 12)

  private static OutboundRequest campaign(String key, String citizen, String channel) {
    return new OutboundRequest(key, citizen, channel, citizen, Lane.CAMPAIGN, MessageIntent.freeForm(new OutgoingContent.Text(key, false)));
  }

  private static String state(String key) {
    return TestDatabase.query(db, "SELECT state FROM outbound_message WHERE message_key = ?", rs -> rs.next() ? rs.getString(1) : null, key);
  }

  @Test
  void anUnsubscribeCancelsThatCitizensPendingCampaignMessagesOnThatChannelOnly() throws Exception {
    insert(0, campaign("campaign/c1/C", "C", CHANNEL), request("r1", "C", CHANNEL), campaign("campaign/c2/C", "C", CHANNEL),
        campaign("campaign/c1/D", "D", CHANNEL), campaign("campaign/c3/C", "C", OTHER_CHANNEL));
    try (Connection c = db.dataSource().getConnection()) {
      assertEquals(2, OutboxStore.cancel(c, List.of(new OutboxSource.Cancellation(CHANNEL, "C", Lane.CAMPAIGN))));
    }
    assertEquals("cancelled", state("campaign/c1/C"));
    assertEquals("cancelled", state("campaign/c2/C"));
    assertEquals("pending", state("r1"), "the citizen's replies still go");
    assertEquals("pending", state("campaign/c1/D"));
    assertEquals("pending", state("campaign/c3/C"), "another channel's consent is its own");
    // C's reply is now the head of C's line (its other channel's message waits behind it, a citizen is one line).
    assertEquals(List.of("r1", "campaign/c1/D"), due(0, List.of(), List.of(), 10));
  }

  @Test
  void withdrawingOneTopicCancelsOnlyThatTopicsCampaignMessagesAndAStopOnlyTheMarketingOnes() throws Exception {
    insert(0, campaignUnder("campaign/w/C", "topic:water-supply"), campaignUnder("campaign/e/C", "topic:city-events", "marketing"),
        campaignUnder("campaign/s/C", "topic:schemes", "marketing"), campaignUnder("campaign/u/C"));
    try (Connection c = db.dataSource().getConnection()) {
      assertEquals(1, OutboxStore.cancel(c, List.of(new OutboxSource.Cancellation(CHANNEL, "C", Lane.CAMPAIGN, "topic:city-events"))));
      assertEquals("cancelled", state("campaign/e/C"));
      assertEquals("pending", state("campaign/s/C"), "another topic's message is still sent");
      assertEquals(1, OutboxStore.cancel(c, List.of(new OutboxSource.Cancellation(CHANNEL, "C", Lane.CAMPAIGN, "marketing"))));
    }
    assertEquals("cancelled", state("campaign/s/C"));
    assertEquals("pending", state("campaign/w/C"), "a STOP leaves a utility topic's message");
    assertEquals("pending", state("campaign/u/C"), "a message under no consent stays");
  }

  private static OutboundRequest campaignUnder(String key, String... consents) {
    return new OutboundRequest(key, "C", CHANNEL, "C", Lane.CAMPAIGN, MessageIntent.freeForm(new OutgoingContent.Text(key, false)),
        List.of(consents));
  }

  /** Each citizen's head, backing off for an hour after this refusal. */
  private static void backingOff(int partition, Integer code, OutboundRequest... requests) throws Exception {
    insert(partition, requests);
    List<PendingMessage> heads = store.dueHeads(partition, List.of(), List.of(), 10).toCompletableFuture().join();
    store.record(heads.stream().<Outcome>map(h -> new Outcome.Retry(h, Duration.ofHours(1), code, "refused")).toList())
        .toCompletableFuture().join();
  }

  @Test
  void aChannelSendingAgainMakesItsOutageBackoffsDueInEveryPartition() throws Exception {
    backingOff(0, 131000, request("a1", "A", CHANNEL));
    backingOff(1, null, request("b1", "B", CHANNEL), request("c1", "C", OTHER_CHANNEL));
    backingOff(2, 131056, request("d1", "D", CHANNEL)); // the pair limit is the citizen's, not the channel's
    assertEquals(2, store.revive(CHANNEL).toCompletableFuture().join(), "a1 (server error) and b1 (no answer)");
    assertEquals(List.of("a1"), due(0, List.of(), List.of(), 10));
    assertEquals(List.of("b1"), due(1, List.of(), List.of(), 10), "c1's channel has not sent again");
    assertEquals(List.of(), due(2, List.of(), List.of(), 10));
  }

  @Test
  void aProbeMakesThePartitionsOldestOutageBackoffOnThatChannelDue() throws Exception {
    backingOff(0, 130429, request("a1", "A", CHANNEL), request("b1", "B", CHANNEL), request("c1", "C", OTHER_CHANNEL));
    backingOff(1, 130429, request("d1", "D", CHANNEL));
    assertEquals(1, store.probe(0, CHANNEL).toCompletableFuture().join());
    assertEquals(List.of("a1"), due(0, List.of(), List.of(), 10), "the oldest, alone");
    assertEquals(List.of(), due(1, List.of(), List.of(), 10), "another partition probes for itself");
    assertEquals(1, store.probe(0, CHANNEL).toCompletableFuture().join());
    assertEquals(List.of("a1", "b1"), due(0, List.of(), List.of(), 10));
    assertEquals(0, store.probe(0, CHANNEL).toCompletableFuture().join(), "none left backing off");
  }

  @Test
  void aCampaignMessageMarkedOnTheWireIsInDoubtForTheWindowAndItsOutcomeEndsTheMark() throws Exception {
    insert(0, request("a1", "A", Lane.CAMPAIGN), request("a2", "A", Lane.CAMPAIGN), request("b1", "B", Lane.CAMPAIGN),
        request("c1", "C", Lane.CAMPAIGN));
    List<PendingMessage> heads = store.dueHeads(0, List.of(), List.of(), 10).toCompletableFuture().join();
    PendingMessage a1 = heads.get(0);
    PendingMessage b1 = heads.get(1);
    PendingMessage c1 = heads.get(2);
    // c1's previous attempt had no answer: it backs off as from an outage, and is due again now.
    store.record(List.of(new Outcome.Retry(c1, Duration.ZERO, null, "no answer"))).toCompletableFuture().join();

    Duration window = Duration.ofMillis(1500);
    assertEquals(3, store.onTheWire(List.of(c1.id(), a1.id(), b1.id()), window).toCompletableFuture().join());
    assertEquals(List.of(), due(0, List.of(), List.of(), 10), "in doubt: a successor waits for their status (and a1 holds a2 back)");
    assertEquals(0, store.revive(CHANNEL).toCompletableFuture().join(), "c1 is in doubt, not backing off from an outage");
    store.record(List.of(new Outcome.Accepted(b1, "wamid.B1"))).toCompletableFuture().join();
    assertEquals(0, onTheWire("b1"), "the outcome ended b1's mark");
    assertEquals(1, onTheWire("a1"));

    Thread.sleep(window.toMillis() + 200);
    assertEquals(List.of("a1", "c1"), due(0, List.of(), List.of(), 10), "no status in the window: sent again");
    store.record(List.of(new Outcome.Retry(a1, Duration.ZERO, 130429, "rate limit"))).toCompletableFuture().join();
    assertEquals(0, onTheWire("a1"));
  }

  /** 1 while the row is marked on the wire, 0 otherwise. */
  private static int onTheWire(String key) throws Exception {
    try (Connection c = db.dataSource().getConnection();
         var ps = c.prepareStatement("SELECT count(*) FROM outbound_message WHERE message_key = ? AND on_the_wire_since IS NOT NULL")) {
      ps.setString(1, key);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
