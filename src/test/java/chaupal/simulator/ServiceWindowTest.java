package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The 24-hour customer service window, when enforced: refused at once or reported failed, as configured. */
class ServiceWindowTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static final String TEMPLATE = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"template\","
      + "\"template\":{\"name\":\"case_update\",\"language\":{\"code\":\"en\"}}}";

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static SimulatorHarness start(SimulatorSettings.WindowFailure failure, TestClock clock) {
    return SimulatorHarness.start(kit.system(), url -> new SimulatorSettings(url, SECRET, TOKEN, List.of(CITY), 80, true, true,
        Duration.ZERO).withTuning(SimulatorSettings.Tuning.DEFAULT.withWindowFailure(failure)), clock);
  }

  @Test
  void syncRefusalWith131047OutsideTheWindow() throws Exception {
    TestClock clock = new TestClock();
    try (SimulatorHarness h = start(SimulatorSettings.WindowFailure.SYNC, clock)) {
      HttpResponse<String> r = h.send(CITY.phoneNumberId(), text(CITIZEN, "unprompted"));
      assertEquals(400, r.statusCode());
      JsonNode error = json(r.body()).path("error");
      assertEquals(131047, error.path("code").asInt());
      assertEquals("(#131047) Re-engagement message", error.path("message").asText());
      h.sendOk(CITY.phoneNumberId(), TEMPLATE);

      h.simulator.sendText(CITY.phoneNumberId(), CITIZEN, "hi").toCompletableFuture().get(10, TimeUnit.SECONDS);
      clock.advance(Duration.ofHours(23));
      h.sendOk(CITY.phoneNumberId(), text(CITIZEN, "within 24 hours"));
      clock.advance(Duration.ofHours(1));
      assertEquals(131047, json(h.send(CITY.phoneNumberId(), text(CITIZEN, "too late")).body()).path("error").path("code").asInt());
    }
  }

  @Test
  void failedStatusWith131047OutsideTheWindow() throws Exception {
    try (SimulatorHarness h = start(SimulatorSettings.WindowFailure.STATUS_WEBHOOK, new TestClock())) {
      String wamid = h.sendOk(CITY.phoneNumberId(), text(CITIZEN, "unprompted"));
      JsonNode status = h.nextStatus(wamid).value().path("statuses").path(0);
      assertEquals("failed", status.path("status").asText());
      assertEquals(131047, status.path("errors").path(0).path("code").asInt());
      assertEquals("Re-engagement message", status.path("errors").path(0).path("title").asText());
      assertTrue(h.simulator.received(CITY.phoneNumberId(), CITIZEN).isEmpty());

      String template = h.sendOk(CITY.phoneNumberId(), TEMPLATE);
      JsonNode sent = h.nextStatus(template).value().path("statuses").path(0);
      assertEquals("sent", sent.path("status").asText());
      assertEquals("utility", sent.path("pricing").path("category").asText());
      assertEquals("regular", sent.path("pricing").path("type").asText());
    }
  }
}
