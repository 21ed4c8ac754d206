package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A number that lists its approved templates refuses others as Meta does: 132001 and 132000, at once. */
class TemplateSendTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static final BusinessNumber APPROVING = new BusinessNumber("1000000000000033", "919800000300", "Demo Ward", List.of("en", "hi"), 0,
      List.of(new BusinessNumber.Template("chaupal_case_update", "en", 3), new BusinessNumber.Template("chaupal_case_update", "hi", 3)));

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static SimulatorHarness start() {
    return SimulatorHarness.start(kit.system(), url -> new SimulatorSettings(url, SECRET, TOKEN, List.of(APPROVING, CITY), 80, true, true,
        Duration.ZERO).withTuning(SimulatorSettings.Tuning.DEFAULT.withWindowFailure(SimulatorSettings.WindowFailure.SYNC)), new TestClock());
  }

  static String template(String name, String code, String... parameters) {
    StringBuilder body = new StringBuilder();
    for (String p : parameters) body.append(body.isEmpty() ? "" : ",").append("{\"type\":\"text\",\"text\":\"").append(p).append("\"}");
    return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"template\",\"template\":{\"name\":\"" + name
        + "\",\"language\":{\"code\":\"" + code + "\"},\"components\":[{\"type\":\"body\",\"parameters\":[" + body + "]}]}}";
  }

  @Test
  void anApprovedTemplateWithItsParametersGoesOutsideTheWindow() throws Exception {
    try (SimulatorHarness h = start()) {
      h.sendOk(APPROVING.phoneNumberId(), template("chaupal_case_update", "hi", "JAL-26-004217", "resolved", "pipe fixed"));
      assertEquals(1, h.simulator.received(APPROVING.phoneNumberId(), CITIZEN).size());
    }
  }

  @Test
  void aMarketingTemplateOfTheAccountGoesWithItsOwnParameterCount() throws Exception {
    try (SimulatorHarness h = start()) {
      // health_camp is in simulator/templates.conf, not among the number's own templates.
      h.sendOk(APPROVING.phoneNumberId(), template("health_camp", "hi", "Ward 4 hall", "Sunday"));
      assertEquals(1, h.simulator.received(APPROVING.phoneNumberId(), CITIZEN).size());
      HttpResponse<String> r = h.send(APPROVING.phoneNumberId(), template("health_camp", "hi", "Ward 4 hall"));
      assertEquals(132000, json(r.body()).path("error").path("code").asInt(), r.body());
    }
  }

  @Test
  void anUnknownNameOrLanguageIs132001() throws Exception {
    try (SimulatorHarness h = start()) {
      for (String[] t : new String[][] {{"chaupal_case_updates", "en"}, {"chaupal_case_update", "pa"}, {"chaupal_case_update", "en_US"}}) {
        HttpResponse<String> r = h.send(APPROVING.phoneNumberId(), template(t[0], t[1], "JAL-26-004217", "resolved", "-"));
        assertEquals(404, r.statusCode(), r.body());
        JsonNode error = json(r.body()).path("error");
        assertEquals(132001, error.path("code").asInt());
        assertEquals("(#132001) Template name does not exist in the translation", error.path("message").asText());
        assertEquals("template name (" + t[0] + ") does not exist in " + t[1], error.path("error_data").path("details").asText());
      }
      assertTrue(h.simulator.received(APPROVING.phoneNumberId(), CITIZEN).isEmpty());
    }
  }

  @Test
  void aWrongParameterCountIs132000() throws Exception {
    try (SimulatorHarness h = start()) {
      HttpResponse<String> r = h.send(APPROVING.phoneNumberId(), template("chaupal_case_update", "en", "JAL-26-004217", "resolved"));
      assertEquals(400, r.statusCode(), r.body());
      JsonNode error = json(r.body()).path("error");
      assertEquals(132000, error.path("code").asInt());
      assertEquals("(#132000) Number of parameters does not match the expected number of params", error.path("message").asText());
      assertEquals("body: number of localizable_params (2) does not match the expected number of params (3)",
          error.path("error_data").path("details").asText());
      assertTrue(h.simulator.received(APPROVING.phoneNumberId(), CITIZEN).isEmpty());
    }
  }

  @Test
  void freeFormToACitizenWhoNeverWroteIs131047EvenWithTemplatesListed() throws Exception {
    try (SimulatorHarness h = start()) {
      assertEquals(131047, json(h.send(APPROVING.phoneNumberId(), text(CITIZEN, "unprompted")).body()).path("error").path("code").asInt());
    }
  }

  @Test
  void aNumberThatListsNoTemplatesAcceptsAny() throws Exception {
    try (SimulatorHarness h = start()) {
      h.sendOk(CITY.phoneNumberId(), template("anything_at_all", "en_US", "x"));
    }
  }
}
