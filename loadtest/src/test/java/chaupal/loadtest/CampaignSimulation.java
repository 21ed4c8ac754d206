package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A campaign to {@code subscribers} citizens over {@code channels} (each at the rate run.sh gives it),
 * against the simulator posting sent, delivered and read statuses back, while citizens write to
 * the bot at {@code replyRate} a second.
 *
 * <p>Before the load: the subscribers' consents are brought in as a city would bring a web form's
 * list, through {@code POST /api/v1/subscriptions/import} (250 a call, {@code importCalls} calls at a
 * time, citizens from number {@code firstSubscriber}, spread over the channels), so that each consent
 * is in the citizen's own record, which decides every send; then the campaign is created and
 * scheduled through the officials' API as the administrator. The load: one
 * virtual official polls {@code GET /api/v1/campaigns/{id}} every {@code pollSeconds} until it is
 * finished and every sent message has its read status (or {@code maxMinutes} pass); citizens
 * (numbers from 0, not subscribers) say "hi" meanwhile. At the end it prints the campaign's
 * figures, its time and the time Glific's published pace (about 100 contacts a minute) would take.
 *
 * <p>A citizen's "hi" answered 429 or 503 is re-delivered with the same body and wamid, as Meta
 * does (as the burst of {@link WebhookSimulation}: {@code burstMaxDeliveries}, {@code burstBackoffMs}),
 * requests named "hi redelivery"; the ledger printed at the end counts them ({@code shed},
 * {@code redeliveries}). A message still refused after the last delivery fails the run.
 *
 * <p>Bar: no failed request, p99 of the citizens' first deliveries ("hi") under {@code p99Ms}.
 */
public final class CampaignSimulation extends Simulation {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double GLIFIC_PER_MINUTE = 100;

  private final String baseUrl = RunParameters.loopbackBaseUrl();
  private final int importCalls = RunParameters.count("importCalls", 4, 1);
  private final int subscribers = RunParameters.count("subscribers", 200_000, 1);
  private final List<String> channels = Arrays.stream(RunParameters.string("channels", "100000000000001").split(",")).map(String::trim).toList();
  private final long firstSubscriber = RunParameters.whole("firstSubscriber", 5_000_000, 0);
  private final String tenant = RunParameters.string("tenant", "punjab");
  private final String topic = RunParameters.string("topic", "scheme-announcements");
  private final String template = RunParameters.string("template", "health_camp");
  private final String language = RunParameters.string("language", "en");
  private final int parameters = RunParameters.count("templateParameters", 2, 0);
  private final double replyRate = Double.parseDouble(RunParameters.string("replyRate", "20"));
  private final int pollSeconds = RunParameters.count("pollSeconds", 2, 1);
  private final int maxMinutes = RunParameters.count("maxMinutes", 60, 1);
  private final int p99Ms = RunParameters.count("p99Ms", 500, 1);
  private final WebhookTraffic.Redelivery redelivery = WebhookTraffic.Redelivery.fromRunParameters();

  private final MessageLedger ledger = new MessageLedger();
  private final WebhookTraffic traffic = WebhookTraffic.forRun((long) Math.ceil(replyRate * maxMinutes * 60), ledger);
  private final AtomicBoolean done = new AtomicBoolean();
  private final AtomicReference<String> last = new AtomicReference<>("{}");
  private final String token;
  private final String campaignId;
  private final long startedNanos;

  {
    if (firstSubscriber + subscribers - 1 > Citizen.MAX_NUMBER || firstSubscriber < traffic.firstCitizen() + (long) (replyRate * maxMinutes * 60)) {
      throw new IllegalArgumentException("-DfirstSubscriber=" + firstSubscriber + " must leave room for the replying citizens and fit "
          + subscribers + " subscribers below " + Citizen.MAX_NUMBER);
    }
    System.out.printf("CampaignSimulation: %s, %d subscribers over %s, template %s (%s), citizens replying at %.1f/s%n",
        baseUrl, subscribers, channels, template, language, replyRate);
    token = OfficialsApi.adminToken(baseUrl, RunParameters.string("adminPassword", ""));
    seed();
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < parameters; i++) params.append(i == 0 ? "" : ",").append(i == 0 ? "{\"field\":\"ulb_name\"}" : "{\"value\":\"load test\"}");
    JsonNode created = call("POST", "/api/v1/campaigns", "{\"template_name\":\"" + template + "\",\"languages\":[\"" + language + "\"],"
        + "\"parameters\":[" + params + "],\"audience\":{\"channels\":" + JSON.valueToTree(channels) + ",\"topics\":[\"" + topic + "\"]}}", 201);
    campaignId = created.get("id").asText();
    System.out.println("CampaignSimulation: estimate " + call("POST", "/api/v1/campaigns/" + campaignId + "/estimate", "{}", 200));
    call("POST", "/api/v1/campaigns/" + campaignId + "/schedule", "{}", 200);
    startedNanos = System.nanoTime();

    var official = scenario("campaign statistics")
        .exec(asLongAs(session -> !done.get()).on(exec(http("campaign statistics").get("/api/v1/campaigns/" + campaignId)
                .header("Authorization", "Bearer " + token).check(status().is(200)).check(jsonPath("$").saveAs("detail")))
            .exec(session -> {
              observe(session.getString("detail"));
              return session;
            })
            .pause(Duration.ofSeconds(pollSeconds))))
        .injectOpen(atOnceUsers(1));
    // replyRate citizens, each saying "hi" as a new citizen once a second until the campaign is done.
    var citizens = scenario("citizen replies")
        .exec(asLongAs(session -> !done.get()).on(exec(traffic.newCitizen())
            .exec(traffic.deliverUntilAcknowledged(WebhookTraffic.HI, WebhookTraffic::hi, redelivery))
            .pause(Duration.ofSeconds(1))))
        .injectOpen(atOnceUsers((int) Math.max(1, Math.round(replyRate))));
    setUp(official, citizens).protocols(WebhookTraffic.protocol())
        .maxDuration(Duration.ofMinutes(maxMinutes))
        .assertions(global().failedRequests().count().is(0L), details(WebhookTraffic.HI).responseTime().percentile(99.0).lt(p99Ms));
  }

  /** Done when the campaign finished and Meta's statuses have caught up with what was queued. */
  private void observe(String detail) {
    last.set(detail);
    try {
      JsonNode d = JSON.readTree(detail);
      JsonNode s = d.get("statistics");
      boolean finished = "finished".equals(d.get("campaign").get("state").asText());
      long settled = s.get("read").asLong() + s.get("failed").asLong() + s.get("not_subscribed").asLong() + s.get("refused").asLong();
      if (finished && settled >= s.get("audience").asLong()) done.set(true);
    } catch (IOException | RuntimeException e) {
      System.out.println("CampaignSimulation: unreadable statistics " + detail);
    }
  }

  /** The consents, through the officials' import: every row must come back recorded (a fresh run has none). */
  private void seed() {
    long t = System.nanoTime();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(importCalls);
    try {
      List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
      int perCall = 250;
      for (int channel = 0; channel < channels.size(); channel++) {
        // subscriber g goes to channel g % channels, as the campaign's audience spreads them
        List<Long> numbers = new java.util.ArrayList<>();
        for (long g = firstSubscriber + channel; g < firstSubscriber + subscribers; g += channels.size()) numbers.add(g);
        for (int from = 0; from < numbers.size(); from += perCall) {
          List<Long> slice = numbers.subList(from, Math.min(numbers.size(), from + perCall));
          String channelId = channels.get(channel);
          calls.add(pool.submit(() -> importSlice(channelId, slice)));
        }
      }
      long recorded = 0;
      for (var call : calls) recorded += call.get();
      if (recorded != subscribers) throw new IllegalStateException("imported " + recorded + " consents, not " + subscribers);
      double seconds = (System.nanoTime() - t) / 1e9;
      System.out.printf("CampaignSimulation: %d consents imported into the citizens' records in %.1f s (%.0f/s)%n",
          recorded, seconds, recorded / seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while importing the consents", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot import the subscribers' consents: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private int importSlice(String channelId, List<Long> numbers) {
    String at = java.time.Instant.now().minusSeconds(3_600).toString();
    StringBuilder rows = new StringBuilder();
    for (long g : numbers) {
      rows.append(rows.length() == 0 ? "" : ",").append("{\"number\":\"").append(String.format("91980%07d", g)).append("\",\"language\":\"")
          .append(language).append("\",\"consented_at\":\"").append(at).append("\",\"reference\":\"loadtest-").append(g).append("\"}");
    }
    String body = "{\"channel\":\"" + channelId + "\",\"topic\":\"" + topic + "\",\"consents\":[" + rows + "]}";
    // Rows the citizens' records did not answer in time are sent again, as the API asks; the others then answer already_active.
    for (int attempt = 1; ; attempt++) {
      JsonNode r = call("POST", "/api/v1/subscriptions/import", body, 200);
      if (r.get("rejected").asInt() > 0 || r.get("ended_by_citizen").asInt() > 0) throw new IllegalStateException("import refused rows: " + r);
      if (r.get("unanswered").asInt() == 0) return r.get("recorded").asInt() + r.get("already_active").asInt();
      if (attempt == 5) throw new IllegalStateException("rows still unanswered after 5 attempts: " + r);
    }
  }

  /** Exact when every subscriber was queued, sent, delivered and read once and nothing failed or was refused. */
  private String accounting(String detail) {
    try {
      JsonNode s = JSON.readTree(detail).get("statistics");
      List<String> off = new java.util.ArrayList<>();
      for (String field : List.of("audience", "queued", "sent", "delivered", "read")) {
        if (s.get(field).asLong() != subscribers) off.add(field + " " + s.get(field).asLong());
      }
      for (String field : List.of("failed", "not_subscribed", "refused")) {
        if (s.get(field).asLong() != 0) off.add(field + " " + s.get(field).asLong());
      }
      return off.isEmpty() ? "exact: " + subscribers + " subscribers, each queued, sent, delivered and read once"
          : "NOT exact for " + subscribers + " subscribers: " + off;
    } catch (IOException | RuntimeException e) {
      return "NOT exact: unreadable statistics " + detail;
    }
  }

  private JsonNode call(String method, String path, String body, int expected) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void after() {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    System.out.println("CampaignSimulation: final " + last.get());
    System.out.println("CampaignSimulation: accounting " + accounting(last.get()));
    System.out.printf("CampaignSimulation: %d subscribers in %.1f s (%.0f sends/s); Glific's published pace (%.0f a minute) would take %.1f h%n",
        subscribers, seconds, subscribers / seconds, GLIFIC_PER_MINUTE, subscribers / GLIFIC_PER_MINUTE / 60);
    ledger.write("CampaignSimulation", traffic.firstCitizen());
  }
}
