package chaupal.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Three nodes, one PostgreSQL: one node leaves in the middle of the conversations and nothing is lost. */
class ClusterEndToEndTest {

  static final String PUNJAB = "100000000000001";
  static final int CITIZENS = 24;

  @Test
  void aNodeLeavesAndEveryCitizenStillGetsEveryReplyOnce() throws Exception {
    try (Database db = TestDatabase.create("cluster_e2e")) {
      TestNode a = TestNode.start(db);
      TestNode b = TestNode.start(db, Map.of(), a);
      TestNode c = TestNode.start(db, Map.of(), a);
      List<TestNode> all = List.of(a, b, c);
      try {
        awaitUp(a, 3);
        List<String> citizens = new ArrayList<>();
        for (int i = 0; i < CITIZENS; i++) citizens.add(String.format("9198000004%02d", i));

        for (String citizen : citizens) postUntilAccepted(b, citizen, new PhoneMessage.Text("hi"));
        for (String citizen : citizens) awaitAnywhere(all, citizen, m -> m.choice("language:en").isPresent(), "language choice");

        c.close();
        awaitUp(a, 2);

        for (String citizen : citizens) {
          postUntilAccepted(a, citizen, new PhoneMessage.ButtonReply("wamid.context", "language:en", "English"));
        }
        for (String citizen : citizens) awaitAnywhere(List.of(a, b), citizen, m -> "list".equals(m.interactiveType()), "main menu");

        try (Connection conn = db.dataSource().getConnection(); Statement s = conn.createStatement()) {
          assertEquals(CITIZENS * 2, count(s, "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Citizen|9198000004%'"),
              "every message persisted once");
          long rows = count(s, "SELECT count(*) FROM outbound_message WHERE recipient LIKE '9198000004%'");
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
              assertEquals(0, count(s, "SELECT count(*) FROM outbound_message WHERE recipient LIKE '9198000004%' AND state <> 'accepted'")));
          long received = 0;
          for (TestNode n : all) for (String citizen : citizens) received += n.simulator().accepted(PUNJAB, citizen).size();
          assertEquals(rows, received, "each queued reply accepted by the API exactly once");
        }
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Meta retries until it gets 200; during a hand-over an entity may take a moment. */
  private static void postUntilAccepted(TestNode via, String citizen, PhoneMessage message) throws Exception {
    var webhook = via.simulator().citizenWebhook(PUNJAB, citizen, message);
    for (int attempt = 0; attempt < 20; attempt++) {
      if (via.simulator().post(webhook).toCompletableFuture().get(30, TimeUnit.SECONDS) == 200) return;
      Thread.sleep(250);
    }
    fail("webhook for " + citizen + " never accepted");
  }

  private static void awaitAnywhere(List<TestNode> nodes, String citizen, Predicate<ReceivedSend> condition, String what) {
    await("no " + what + " for citizen ending " + citizen.substring(citizen.length() - 4))
        .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
        .until(() -> nodes.stream().anyMatch(n -> n.simulator().received(PUNJAB, citizen).stream().anyMatch(condition)));
  }

  private static void awaitUp(TestNode node, int members) {
    await("cluster did not reach " + members + " members").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          long up = StreamSupport.stream(Cluster.get(node.system).state().getMembers().spliterator(), false)
              .filter(m -> m.status() == MemberStatus.up()).count();
          return up == members && Cluster.get(node.system).state().getUnreachable().isEmpty();
        });
  }
}
