package chaupal.e2e;

import static chaupal.e2e.ConversationEndToEndTest.PUNJAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.citizen.Citizen;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.ReceivedSend;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta's stop setting confirmed to the citizen through a whole node, against a simulator that
 * enforces the 24-hour window (SIMULATOR_ENFORCE_SERVICE_WINDOW): outside it the channel's
 * consent-update template goes at once, inside it the chat's text.
 */
class ConsentConfirmationEndToEndTest {

  private static final String STOPPED = "You will no longer get announcements from Government of Punjab on this number.";

  static Database db;
  static TestNode node;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("consent_confirmation_e2e");
    node = TestNode.start(db, Map.of("chaupal.simulator.enforce-service-window", true));
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  @Test
  void metasStopIsConfirmedAsTheTemplateOutsideTheWindowAndAsTextInsideIt() throws Exception {
    // Consented on a web form, never wrote: no window is open.
    Phone silent = new Phone(node, PUNJAB, "919800040071");
    consentOnAWebForm(silent.citizen);
    metaStops(silent.citizen);
    ReceivedSend template = silent.awaitMessage(0, m -> m.type().equals("template"), "the consent-update template");
    assertEquals("chaupal_consent_update", template.text());
    String body = template.body().path("template").path("components").toString();
    assertTrue(body.contains("Government of Punjab") && body.contains(STOPPED), body);

    // Wrote a moment ago: the window is open, the confirmation is the chat's text.
    Phone writing = new Phone(node, PUNJAB, "919800040072");
    writing.send("hi");
    int before = writing.awaitCount(1).size();
    consentOnAWebForm(writing.citizen);
    metaStops(writing.citizen);
    ReceivedSend text = writing.awaitMessage(before, m -> m.text().startsWith(STOPPED), "the stop's confirmation");
    assertEquals("text", text.type());
  }

  private static void consentOnAWebForm(String citizen) throws Exception {
    Citizen.ConsentReceipt receipt = ClusterSharding.get(node.system).entityRefFor(Citizen.ENTITY_KEY, citizen)
        .<akka.pattern.StatusReply<Citizen.ConsentReceipt>>ask(r -> new Citizen.ImportConsent(PUNJAB, "scheme-announcements", "en",
            "pb.phagwara", null, System.currentTimeMillis() - Duration.ofHours(2).toMillis(), "form-" + citizen, "admin", r),
            Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
    assertEquals(Citizen.ConsentReceipt.RECORDED, receipt);
  }

  /** The citizen stops marketing messages in WhatsApp's settings: Meta's {@code user_preferences} webhook. */
  private static void metaStops(String citizen) throws Exception {
    assertEquals(200, node.simulator().setMarketingMessages(PUNJAB, citizen, true).toCompletableFuture().get(30, TimeUnit.SECONDS));
  }
}
