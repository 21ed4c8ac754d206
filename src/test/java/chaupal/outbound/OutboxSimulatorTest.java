package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Directives;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Simulator;
import chaupal.simulator.SimulatorSettings;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.whatsapp.CloudApiClient;
import chaupal.whatsapp.OutgoingContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox against the simulator, through the real Cloud API client: the simulator enforces the
 * 24-hour window and knows the channel's approved template, as with SIMULATOR_ENFORCE_SERVICE_WINDOW.
 */
class OutboxSimulatorTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final BusinessNumber NUMBER = new BusinessNumber(OutboxTestNode.CHANNEL, "919800010000", "Test ward", List.of("hi"), 0,
      List.of(new BusinessNumber.Template("chaupal_case_update", "hi", 3)));
  private static Database db;
  private static OutboxTestNode node;
  private static Simulator simulator;
  private static ServerBinding webhooks;
  private static ServerBinding graph;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("outbox_simulator");
    node = new OutboxTestNode(db, 2, "");
    Http http = Http.get(node.testKit.system());
    // The citizen's messages reach Chaupal's webhook; here they only need an answer.
    webhooks = http.newServerAt("127.0.0.1", 0).bind(Directives.complete(StatusCodes.OK)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    simulator = new Simulator(node.testKit.system(), new SimulatorSettings(
        "http://127.0.0.1:" + webhooks.localAddress().getPort() + "/webhooks/whatsapp", "test_app_secret", "test-access-token",
        List.of(NUMBER), 80, false, true, Duration.ZERO));
    graph = http.newServerAt("127.0.0.1", 0).bind(simulator.routes()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    CloudApiClient client = new CloudApiClient(node.testKit.system(),
        "http://127.0.0.1:" + graph.localAddress().getPort() + "/simulator/v23.0", "test-access-token");
    node.start(node.settings().withPollInterval(Duration.ofMillis(200)).withRates(Map.of(), 1000), client, OutboundMetrics.NONE,
        System::nanoTime);
  }

  @AfterAll
  static void stop() {
    graph.unbind();
    webhooks.unbind();
    node.close();
    db.close();
  }

  private static List<String> receivedBy(String citizen) {
    return simulator.received(OutboxTestNode.CHANNEL, citizen).stream().map(r -> r.type() + ":" + r.text()).toList();
  }

  @Test
  void aCitizenWhoNeverWroteGetsTheApprovedTemplate() {
    String citizen = "919800010051";
    node.notify(citizen, "JAL-26-000051 is assigned",
        new OutgoingContent.Template("chaupal_case_update", "hi", List.of("JAL-26-000051", "assigned", "-")));
    await(WAIT, () -> "accepted".equals(node.row("JAL-26-000051 is assigned").get("state")));
    List<ReceivedSend> received = simulator.received(OutboxTestNode.CHANNEL, citizen);
    assertEquals(1, received.size());
    assertEquals("template", received.get(0).type());
    assertEquals("JAL-26-000051", received.get(0).body().path("template").path("components").path(0).path("parameters").path(0)
        .path("text").asText());
  }

  @Test
  void aTemplateTheSimulatorDoesNotKnowWaitsAndGoesFreeFormAfterTheCitizenWrites() throws Exception {
    String citizen = "919800010052";
    String news = "JAL-26-000052 is resolved";
    node.notify(citizen, news, new OutgoingContent.Template("chaupal_case_update_v0", "hi", List.of("JAL-26-000052", "resolved", "-")));
    await(WAIT, () -> Integer.valueOf(132001).equals(node.row(news).get("error_code")));
    assertEquals("pending", node.row(news).get("state"));
    assertTrue(((String) node.row(news).get("last_error")).contains("waiting for the citizen's next message"));
    assertEquals(List.of(), receivedBy(citizen));

    simulator.sendText(OutboxTestNode.CHANNEL, citizen, "status?").toCompletableFuture().get(10, TimeUnit.SECONDS);
    node.reply(citizen, "Here is your case");
    await(WAIT, () -> "accepted".equals(node.row("Here is your case").get("state")));
    assertEquals("accepted", node.row(news).get("state"));
    assertEquals(List.of("text:" + news, "text:Here is your case"), receivedBy(citizen));
  }
}
