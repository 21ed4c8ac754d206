package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.DeliveryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Status webhooks arrive late, early, twice, out of order and concurrently; the stored status only moves forward. */
class DeliveryTrackerTest {

  private static final Logger log = LoggerFactory.getLogger(DeliveryTrackerTest.class);
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String CITIZEN = "919800000042";
  private static Database db;
  private static ExecutorService executor;
  private static DeliveryTracker tracker;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("delivery_tracker");
    executor = Executors.newFixedThreadPool(4);
    tracker = new DeliveryTracker(db.dataSource(), executor);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    db.close();
  }

  private static DeliveryReport report(String wamid, DeliveryStatus status, int secondsAfterT0) {
    return new DeliveryReport(wamid, status, T0.plusSeconds(secondsAfterT0), null, null, CITIZEN);
  }

  private static void record(DeliveryReport... reports) {
    tracker.record(List.of(reports)).toCompletableFuture().join();
  }

  private static DeliveryView byWamid(String wamid) {
    return tracker.statusOfWamid(wamid).toCompletableFuture().join().orElseThrow();
  }

  /** An outbox row the sender has accepted with this wamid. */
  private static void accepted(String messageKey, String wamid) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      OutboxStore.insert(c, 0, List.of(new OutboundRequest(messageKey, CITIZEN, "100000000000001", CITIZEN, Lane.REPLY,
          MessageIntent.freeForm(new chaupal.whatsapp.OutgoingContent.Text("hello", false)))));
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE outbound_message SET state = 'accepted', wamid = ?, attempts = 1, accepted_at = now() WHERE message_key = ?")) {
        ps.setString(1, wamid);
        ps.setString(2, messageKey);
        ps.executeUpdate();
      }
    }
  }

  @Test
  void readBeforeDeliveredStaysRead() throws Exception {
    accepted("k-read-first", "wamid.R1");
    record(report("wamid.R1", DeliveryStatus.SENT, 1));
    record(report("wamid.R1", DeliveryStatus.READ, 5));
    record(report("wamid.R1", DeliveryStatus.DELIVERED, 3));

    DeliveryView view = tracker.statusOf("k-read-first").toCompletableFuture().join().orElseThrow();
    assertEquals(DeliveryStatus.READ, view.status());
    assertEquals(T0.plusSeconds(5), view.statusAt());
    assertEquals(OutboxState.ACCEPTED, view.state());
    assertEquals("wamid.R1", view.wamid());
  }

  @Test
  void deliveredAndReadInOneWebhookEndAsRead() {
    record(report("wamid.B1", DeliveryStatus.READ, 4), report("wamid.B1", DeliveryStatus.DELIVERED, 2),
        report("wamid.B2", DeliveryStatus.SENT, 1), report("wamid.B2", DeliveryStatus.DELIVERED, 2));

    assertEquals(DeliveryStatus.READ, byWamid("wamid.B1").status());
    assertEquals(DeliveryStatus.DELIVERED, byWamid("wamid.B2").status());
  }

  @Test
  void aDuplicateChangesNothing() {
    record(report("wamid.D1", DeliveryStatus.DELIVERED, 2));
    record(report("wamid.D1", DeliveryStatus.DELIVERED, 9), report("wamid.D1", DeliveryStatus.SENT, 1));

    DeliveryView view = byWamid("wamid.D1");
    assertEquals(DeliveryStatus.DELIVERED, view.status());
    assertEquals(T0.plusSeconds(2), view.statusAt(), "the first report of a status stands");
  }

  @Test
  void failedIsFinalAndKeepsItsError() {
    record(report("wamid.F1", DeliveryStatus.SENT, 1));
    record(new DeliveryReport("wamid.F1", DeliveryStatus.FAILED, T0.plusSeconds(3), 131047, "Re-engagement message", CITIZEN));
    record(report("wamid.F1", DeliveryStatus.DELIVERED, 2), report("wamid.F1", DeliveryStatus.READ, 4));

    DeliveryView view = byWamid("wamid.F1");
    assertEquals(DeliveryStatus.FAILED, view.status());
    assertEquals(131047, view.statusErrorCode());
    assertEquals("Re-engagement message", view.statusErrorTitle());
  }

  @Test
  void aStatusBeforeTheWamidIsStoredIsJoinedLater() throws Exception {
    record(report("wamid.E1", DeliveryStatus.SENT, 1));

    DeliveryView early = byWamid("wamid.E1");
    assertNull(early.messageKey(), "no outbox row has this wamid yet");
    assertNull(early.state());
    assertEquals(DeliveryStatus.SENT, early.status());
    assertEquals(CITIZEN, early.recipient());

    accepted("k-early", "wamid.E1");
    record(report("wamid.E1", DeliveryStatus.DELIVERED, 2));

    DeliveryView joined = tracker.statusOf("k-early").toCompletableFuture().join().orElseThrow();
    assertEquals("k-early", joined.messageKey());
    assertEquals(OutboxState.ACCEPTED, joined.state());
    assertEquals(DeliveryStatus.DELIVERED, joined.status());
    assertEquals(joined, byWamid("wamid.E1"));
  }

  /** A pending campaign row, as a sender that died left it after marking it on the wire; its id. */
  private static long inDoubt(String messageKey) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      List<OutboxStore.Inserted> rows = OutboxStore.insert(c, 0, List.of(new OutboundRequest(messageKey, CITIZEN, "100000000000001",
          CITIZEN, Lane.CAMPAIGN, MessageIntent.freeForm(new chaupal.whatsapp.OutgoingContent.Text("camp", false)))));
      long id = rows.get(0).message().id();
      new OutboxStore(db.dataSource(), executor).onTheWire(List.of(id), java.time.Duration.ofSeconds(15)).toCompletableFuture().join();
      return id;
    }
  }

  @Test
  void aStatusCarryingAPendingRowsCallbackDataRecordsItAcceptedWithTheStatusWamid() throws Exception {
    long doubt = inDoubt("k-doubt");
    long other = inDoubt("k-doubt-other");
    record(new DeliveryReport("wamid.DOUBT1", DeliveryStatus.SENT, T0.plusSeconds(1), null, null, CITIZEN, OutboxCallback.of(doubt)),
        new DeliveryReport("wamid.DOUBT2", DeliveryStatus.SENT, T0.plusSeconds(1), null, null, CITIZEN, "case/" + other));

    DeliveryView resolved = tracker.statusOf("k-doubt").toCompletableFuture().join().orElseThrow();
    assertEquals(OutboxState.ACCEPTED, resolved.state(), "Meta accepted it: not sent again");
    assertEquals("wamid.DOUBT1", resolved.wamid());
    assertEquals(DeliveryStatus.SENT, resolved.status());
    assertEquals(OutboxState.PENDING, tracker.statusOf("k-doubt-other").toCompletableFuture().join().orElseThrow().state(),
        "callback data that is not the outbox's names no row");

    record(new DeliveryReport("wamid.DOUBT1", DeliveryStatus.DELIVERED, T0.plusSeconds(2), null, null, CITIZEN, OutboxCallback.of(doubt)),
        new DeliveryReport("wamid.DOUBT3", DeliveryStatus.SENT, T0.plusSeconds(2), null, null, CITIZEN, OutboxCallback.of(doubt)));
    DeliveryView later = tracker.statusOf("k-doubt").toCompletableFuture().join().orElseThrow();
    assertEquals("wamid.DOUBT1", later.wamid(), "an accepted row keeps its wamid");
    assertEquals(DeliveryStatus.DELIVERED, later.status(), "later statuses match it as usual");
  }

  @Test
  void callbackDataNamesOnlyOutboxRows() {
    assertEquals(42L, OutboxCallback.rowOf(OutboxCallback.of(42)));
    assertNull(OutboxCallback.rowOf(null));
    assertNull(OutboxCallback.rowOf("outbox-"));
    assertNull(OutboxCallback.rowOf("outbox-4x"));
    assertNull(OutboxCallback.rowOf("outbox-99999999999999999999"));
    assertNull(OutboxCallback.rowOf("case-42"));
  }

  @Test
  void aMessageWithoutStatusShowsOnlyOurSide() throws Exception {
    accepted("k-quiet", "wamid.Q1");
    DeliveryView view = tracker.statusOf("k-quiet").toCompletableFuture().join().orElseThrow();
    assertNull(view.status());
    assertEquals(1, view.attempts());
    assertEquals(Optional.empty(), tracker.statusOf("k-unknown").toCompletableFuture().join());
    assertEquals(Optional.empty(), tracker.statusOfWamid("wamid.unknown").toCompletableFuture().join());
  }

  @Test
  void concurrentWebhooksInAnyOrderEndAtTheFurthestStatus() {
    long seed = System.nanoTime();
    log.info("seed {}", seed);
    Random random = new Random(seed);
    List<DeliveryReport> reports = new ArrayList<>();
    for (int m = 0; m < 20; m++) {
      String wamid = "wamid.C" + m;
      reports.add(report(wamid, DeliveryStatus.SENT, 1));
      reports.add(report(wamid, DeliveryStatus.DELIVERED, 2));
      reports.add(report(wamid, DeliveryStatus.DELIVERED, 2));
      if (m % 2 == 0) reports.add(report(wamid, DeliveryStatus.READ, 3));
    }
    Collections.shuffle(reports, random);
    List<CompletableFuture<?>> webhooks = new ArrayList<>();
    for (int i = 0; i < reports.size(); i += 3) {
      webhooks.add(tracker.record(reports.subList(i, Math.min(i + 3, reports.size()))).toCompletableFuture());
    }
    CompletableFuture.allOf(webhooks.toArray(CompletableFuture[]::new)).orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();

    for (int m = 0; m < 20; m++) {
      DeliveryView view = byWamid("wamid.C" + m);
      assertEquals(m % 2 == 0 ? DeliveryStatus.READ : DeliveryStatus.DELIVERED, view.status(), "seed " + seed);
    }
  }

  @Test
  void webhooksResolvingTheSameRowsInOppositeOrdersDoNotDeadlock() throws Exception {
    // Each webhook's statuses name the pending rows by their callback data, one in ascending row
    // order and one in descending: unless both lock the rows in one order, they deadlock halfway.
    int rows = 200;
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      List<OutboundRequest> requests = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        requests.add(new OutboundRequest("k-order-" + i, CITIZEN, "100000000000001", CITIZEN, Lane.CAMPAIGN,
            MessageIntent.freeForm(new chaupal.whatsapp.OutgoingContent.Text("camp", false))));
      }
      OutboxStore.insert(c, 0, requests).forEach(r -> ids.add(r.message().id()));
    }
    List<Throwable> failures = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      List<DeliveryReport> ascending = new ArrayList<>();
      List<DeliveryReport> descending = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        ascending.add(new DeliveryReport("wamid.OA%02d.%04d".formatted(round, i), DeliveryStatus.SENT, T0, null, null, CITIZEN,
            OutboxCallback.of(ids.get(i))));
        descending.add(new DeliveryReport("wamid.OD%02d.%04d".formatted(round, i), DeliveryStatus.SENT, T0, null, null, CITIZEN,
            OutboxCallback.of(ids.get(rows - 1 - i))));
      }
      CompletableFuture<?> one = tracker.record(ascending).toCompletableFuture();
      CompletableFuture<?> other = tracker.record(descending).toCompletableFuture();
      for (CompletableFuture<?> webhook : List.of(one, other)) {
        try {
          webhook.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
          failures.add(e.getCause());
        }
      }
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("UPDATE outbound_message SET state = 'pending', wamid = NULL WHERE id = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        assertEquals(rows, ps.executeUpdate());
      }
    }
    assertEquals(List.of(), failures.stream().map(String::valueOf).toList());
  }

  @Test
  void furthestPerWamidKeepsOneRowPerWamidInWamidOrder() {
    List<DeliveryReport> rows = DeliveryTracker.furthestPerWamid(List.of(
        report("b", DeliveryStatus.SENT, 1), report("a", DeliveryStatus.READ, 3), report("b", DeliveryStatus.DELIVERED, 2),
        report("a", DeliveryStatus.DELIVERED, 2)));
    assertEquals(List.of("a", "b"), rows.stream().map(DeliveryReport::wamid).toList());
    assertEquals(List.of(DeliveryStatus.READ, DeliveryStatus.DELIVERED), rows.stream().map(DeliveryReport::status).toList());
    assertTrue(DeliveryTracker.furthestPerWamid(List.of()).isEmpty());
  }

  @Test
  void only131050IsToldToTheRefusalsWithTheChannelAndCitizenOfTheMessage() throws Exception {
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    DeliveryTracker telling = new DeliveryTracker(db.dataSource(), executor, (phoneNumberId, recipient, at) -> {
      told.add(phoneNumberId + " " + recipient + " " + at);
      return java.util.concurrent.CompletableFuture.completedFuture(akka.Done.getInstance());
    });
    accepted("campaign/c1/" + CITIZEN, "wamid.M1");
    accepted("campaign/c2/" + CITIZEN, "wamid.M2");
    telling.record(List.of(
        new DeliveryReport("wamid.M1", DeliveryStatus.FAILED, T0, 131050, "Unable to deliver the message.", CITIZEN),
        new DeliveryReport("wamid.M2", DeliveryStatus.FAILED, T0, 131049, "healthy ecosystem", CITIZEN))).toCompletableFuture().join();
    assertEquals(List.of("100000000000001 " + CITIZEN + " " + T0.toEpochMilli()), told);
  }
}
