package chaupal.e2e;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.tenancy.Directory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node under a citizen who floods it, and under a Cloud API that fails for a while (issue 14:
 * per-sender protection, fault 3): checked in the journal, the outbox and the simulator's record.
 */
class SenderFaultsTest {

  static final String PUNJAB = "100000000000001";
  /** Within this window more than 20 messages are a flood: wide enough that a slow machine still floods. */
  static final Duration FLOOD_WITHIN = Duration.ofSeconds(5);

  static Database db;
  static TestNode node;
  static Directory directory;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("sender_faults");
    node = TestNode.start(db, Map.of("chaupal.citizen.flood.within", FLOOD_WITHIN.toMillis() + "ms"));
    directory = Directory.load(Path.of("project-config"));
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  @Test
  void aNumberSendingFiftyMessagesAtOnceIsToldOnceAndSlowsNobodyElse() throws Exception {
    Phone flooder = new Phone(node, PUNJAB, "919800010001");
    Phone neighbour = new Phone(node, PUNJAB, "919800010002");
    List<SignedWebhook> flood = IntStream.range(0, 50)
        .mapToObj(i -> node.simulator().citizenWebhook(PUNJAB, flooder.citizen, PhoneMessage.text("hello " + i)))
        .toList();
    // As Meta does: a webhook answered 503 (the flooder's own entity behind on its writes) comes again.
    List<CompletableFuture<Integer>> webhooks = flood.stream().map(w -> deliver(w, 20)).toList();
    neighbour.send("hi");
    neighbour.awaitMessage(0, m -> Phone.offers(m, "language:pa"), "the neighbour's language choice during the flood");
    for (CompletableFuture<Integer> webhook : webhooks) assertEquals(200, webhook.get(60, TimeUnit.SECONDS));

    assertEquals(50L, journalEvents(flooder.citizen), "every message of the flood is in the journal");
    Set<String> notices = Set.of("en", "hi", "pa").stream()
        .map(language -> directory.catalog(language).text("flood.notice")).collect(Collectors.toSet());
    ReceivedSend notice = flooder.awaitMessage(0, m -> notices.contains(m.text()), "the flood notice");
    assertNotNull(notice);
    Thread.sleep(FLOOD_WITHIN.toMillis() + 500);
    int before = flooder.received().size();
    flooder.send("hi");
    flooder.awaitMessage(before, m -> !notices.contains(m.text()), "an answer after the pause");
    assertEquals(1, flooder.received().stream().filter(m -> notices.contains(m.text())).count(), "one notice: "
        + Phone.texts(flooder.received()));
    assertEquals(0, neighbour.received().stream().filter(m -> notices.contains(m.text())).count());
  }

  /** Posts the webhook until it is answered 200, at most {@code attempts} times, a second apart. */
  static CompletableFuture<Integer> deliver(SignedWebhook webhook, int attempts) {
    return node.simulator().post(webhook).toCompletableFuture().thenCompose(status -> status == 200 || attempts <= 1
        ? CompletableFuture.completedFuture(status)
        : CompletableFuture.supplyAsync(() -> webhook, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
            .thenCompose(again -> deliver(again, attempts - 1)));
  }

  static long journalEvents(String citizen) {
    return TestDatabase.query(db, "SELECT count(*) FROM event_journal WHERE persistence_id = ?", rs -> {
      rs.next();
      return rs.getLong(1);
    }, "Citizen|" + citizen);
  }
}
