package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;
import static chaupal.simulator.JsonReplies.json;
import static chaupal.simulator.JsonReplies.ok;

import akka.http.javadsl.server.Route;
import chaupal.simulator.graph.FailurePlan;
import chaupal.simulator.phone.ReceivedSend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /simulator/control/…} for tests, demos and load tests run from outside the JVM:
 * {@code POST failures {"to","count","code","http"}}, {@code POST outage {"seconds","code","http"}} (every send refused
 * for that long) or {@code {"seconds","hold":true}} (every send held that long, then 504, not taken),
 * {@code POST undeliverable {"to","undeliverable"}},
 * {@code POST templates {"waba_id","name","language","status","quality","category"}} (a template changes at
 * Meta and its webhooks are posted; answers once they were), {@code POST reset} (Content-Type application/json, body ignored), {@code GET counters}, {@code GET messages?phone_number_id=…&wa_id=…}
 * (with {@code &after=N&wait_ms=W}: answered once more than N were accepted, or after W ms, at most 10 s).
 */
final class ControlRoutes {

  private final Simulator simulator;

  ControlRoutes(Simulator simulator) {
    this.simulator = simulator;
  }

  Route routes() {
    return concat(
        path("failures", () -> post(() -> json(body -> {
          String to = recipient(body);
          int count = body.path("count").asInt(1);
          int code = body.path("code").asInt(131000);
          simulator.failNext(to, count, code, body.path("http").asInt(0));
          return ok(JsonNodeFactory.instance.objectNode().put("to", to).put("count", count).put("code", code));
        }))),
        path("outage", () -> post(() -> json(body -> {
          java.time.Duration length = java.time.Duration.ofMillis(Math.round(body.path("seconds").asDouble(0) * 1000));
          if (length.isNegative() || length.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("\"seconds\" must be between 0 and 3600");
          }
          boolean hold = body.path("hold").asBoolean(false);
          int code = body.path("code").asInt(131000);
          if (hold) simulator.holdSendsFor(length);
          else simulator.refuseSendsFor(length, code, body.path("http").asInt(0));
          ObjectNode out = JsonNodeFactory.instance.objectNode().put("seconds", length.toMillis() / 1000.0).put("hold", hold);
          return ok(hold ? out : out.put("code", code));
        }))),
        path("undeliverable", () -> post(() -> json(body -> {
          String to = recipient(body);
          boolean on = body.path("undeliverable").asBoolean(true);
          simulator.markUndeliverable(to, on);
          return ok(JsonNodeFactory.instance.objectNode().put("to", to).put("undeliverable", on));
        }))),
        path("templates", () -> post(() -> json(body -> {
          String waba = body.path("waba_id").asText("");
          String name = body.path("name").asText("");
          String language = body.path("language").asText("");
          return onSuccess(simulator.changeTemplate(waba, name, language, upper(body, "status"), upper(body, "category"),
              upper(body, "quality")), status -> ok(JsonNodeFactory.instance.objectNode().put("waba_id", waba).put("name", name)
              .put("language", language).put("webhook_status", status)));
        }))),
        path("reset", () -> post(() -> SameOrigin.jsonBody(() -> {
          simulator.reset();
          return ok(JsonNodeFactory.instance.objectNode().put("reset", true));
        }))),
        path("counters", () -> get(() -> {
          SimulatorCounters c = simulator.counters();
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          out.put("accepted", c.accepted()).put("rejected", c.rejected()).put("citizen_messages", c.citizenMessages())
              .put("webhooks_delivered", c.webhooksDelivered()).put("webhooks_refused", c.webhooksRefused());
          ObjectNode byCode = out.putObject("rejected_by_code");
          c.rejectedByCode().forEach((code, n) -> byCode.put(code.toString(), n));
          return ok(out);
        })),
        path("messages", () -> get(() -> parameter("phone_number_id", phone -> parameter("wa_id", waId ->
            parameterOptional("after", after -> parameterOptional("wait_ms", waitMs -> {
              if (after.isEmpty() || waitMs.isEmpty()) return ok(messages(simulator.accepted(phone, waId)));
              int seen = count(after.get(), Integer.MAX_VALUE);
              int wait = count(waitMs.get(), MAX_WAIT_MS);
              if (seen < 0 || wait < 0) {
                return complete(akka.http.javadsl.model.StatusCodes.BAD_REQUEST,
                    "\"after\" must be a whole number of messages and \"wait_ms\" one from 0 to " + MAX_WAIT_MS);
              }
              return onSuccess(simulator.acceptedAfter(phone, waId, seen, java.time.Duration.ofMillis(wait)), sent -> ok(messages(sent)));
            })))))));
  }

  /** A long poll of {@code messages} waits at most this long. */
  static final int MAX_WAIT_MS = 10_000;

  private static ObjectNode messages(java.util.List<ReceivedSend> sent) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("messages");
    for (ReceivedSend r : sent) {
      ObjectNode m = list.addObject().put("wamid", r.wamid()).put("type", r.type());
      m.put("status", r.status().map(s -> s.wireName()).orElse("accepted"));
      m.set("body", r.body());
    }
    return out;
  }

  /** The whole number from 0 to {@code max}, or -1. */
  private static int count(String raw, int max) {
    try {
      int value = Integer.parseInt(raw.trim());
      return value >= 0 && value <= max ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String upper(JsonNode body, String field) {
    String value = body.path(field).asText("").trim();
    return value.isEmpty() ? null : value.toUpperCase(java.util.Locale.ROOT);
  }

  private static String recipient(JsonNode body) {
    String to = body.path("to").asText("").trim();
    if (to.equals(FailurePlan.ANYONE)) return to;
    String digits = to.replaceAll("[^0-9]", "");
    if (digits.length() < 6 || digits.length() > 15) throw new IllegalArgumentException("\"to\" must be a phone number or \"*\"");
    return digits;
  }
}
