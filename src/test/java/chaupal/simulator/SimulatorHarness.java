package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One HTTP server on 127.0.0.1 port 0 with the simulator's routes and a fake Chaupal webhook receiver at
 * {@code /webhooks/whatsapp}, as in the default run where both share a server.
 */
final class SimulatorHarness implements AutoCloseable {

  static final String SECRET = "test_app_secret";
  static final String TOKEN = "test-access-token";
  static final String CITIZEN = "919800000001";
  static final BusinessNumber CITY = new BusinessNumber("1000000000000011", "+91 98000 00100", "Demo City", List.of("en", "hi"), 0);
  static final BusinessNumber TOWN = new BusinessNumber("1000000000000022", "919800000200", "Demo Town", List.of("en"), 2);

  /** A webhook as Chaupal received it. */
  record Webhook(byte[] raw, String signature, JsonNode json) {
    String text() {
      return new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
    }

    JsonNode value() {
      return json.path("entry").path(0).path("changes").path(0).path("value");
    }

    boolean isStatus() {
      return value().has("statuses");
    }
  }

  final Simulator simulator;
  final String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ServerBinding binding;
  private final BlockingQueue<Webhook> webhooks = new LinkedBlockingQueue<>();
  /**
   * HTTP statuses the receiver answers status webhooks with, in order, per recipient; 200 once
   * empty. Per recipient, because statuses of an earlier test's sends may still be on their way and
   * must not take answers meant for this one's.
   */
  private final Map<String, ConcurrentLinkedQueue<Integer>> statusAnswers = new ConcurrentHashMap<>();
  /**
   * The same for webhooks carrying a citizen's message. Kept apart because a status webhook still
   * on its way from an earlier test must not take an answer meant for a message.
   */
  final ConcurrentLinkedQueue<Integer> messageAnswers = new ConcurrentLinkedQueue<>();

  static SimulatorHarness start(ActorSystem<?> system, Function<String, SimulatorSettings> settings) {
    return start(system, settings, Clock.systemUTC());
  }

  static SimulatorHarness start(ActorSystem<?> system, Function<String, SimulatorSettings> settings, Clock clock) {
    return new SimulatorHarness(system, settings, clock);
  }

  /** Settings with both numbers, status webhooks every {@code statusDelay}, the window not enforced. */
  static Function<String, SimulatorSettings> defaults(Duration statusDelay) {
    return url -> new SimulatorSettings(url, SECRET, TOKEN, List.of(CITY, TOWN), 80, true, false, statusDelay)
        .withTuning(SimulatorSettings.Tuning.DEFAULT.withWebhookRetries(4, Duration.ofMillis(20)));
  }

  private SimulatorHarness(ActorSystem<?> system, Function<String, SimulatorSettings> settings, Clock clock) {
    AtomicReference<Route> routes = new AtomicReference<>(reject());
    Route receiver = path(akka.http.javadsl.server.PathMatchers.segment("webhooks").slash("whatsapp"), () -> post(() -> optionalHeaderValueByName(
        WebhookSignature.HEADER, signature -> entity(Unmarshaller.entityToByteArray(), raw -> {
          Webhook webhook;
          try {
            webhook = new Webhook(raw, signature.orElse(null), MetaJson.READER.readTree(raw));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          webhooks.add(webhook);
          Integer answer = webhook.value().has("messages") ? messageAnswers.poll() : statusAnswer(webhook);
          return complete(HttpResponse.create().withStatus(answer == null ? 200 : answer));
        }))));
    try {
      binding = Http.get(system).newServerAt("127.0.0.1", 0)
          .bind(concat(receiver, extractUnmatchedPath(p -> routes.get())))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    simulator = new Simulator(system, settings.apply(base + "/webhooks/whatsapp"), clock);
    routes.set(simulator.routes());
  }

  /** The next webhook, or fails after 10 s. */
  Webhook nextWebhook() throws InterruptedException {
    Webhook w = webhooks.poll(10, TimeUnit.SECONDS);
    if (w == null) throw new AssertionError("no webhook arrived");
    return w;
  }

  /** Webhooks until one matches, keeping the others for later. */
  Webhook nextWebhook(java.util.function.Predicate<Webhook> wanted) throws InterruptedException {
    List<Webhook> skipped = new ArrayList<>();
    try {
      while (true) {
        Webhook w = nextWebhook();
        if (wanted.test(w)) return w;
        skipped.add(w);
      }
    } finally {
      webhooks.addAll(skipped);
    }
  }

  Webhook nextStatus(String wamid) throws InterruptedException {
    return nextWebhook(w -> w.isStatus() && w.value().path("statuses").path(0).path("id").asText().equals(wamid));
  }

  Webhook nextMessageWebhook() throws InterruptedException {
    return nextWebhook(w -> w.value().has("messages"));
  }

  Webhook pollWebhook(Duration wait) throws InterruptedException {
    return webhooks.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Status webhooks to {@code recipient} (a number or a business-scoped id) are answered with these codes first. */
  void answerStatusesTo(String recipient, Integer... codes) {
    statusAnswers.computeIfAbsent(recipient, r -> new ConcurrentLinkedQueue<>()).addAll(List.of(codes));
  }

  private Integer statusAnswer(Webhook webhook) {
    JsonNode status = webhook.value().path("statuses").path(0);
    String recipient = status.has("recipient_id") ? status.path("recipient_id").asText() : status.path("recipient_user_id").asText();
    ConcurrentLinkedQueue<Integer> queue = statusAnswers.get(recipient);
    return queue == null ? null : queue.poll();
  }

  /** Forgets everything between tests: the simulator's state, webhooks received, answers queued. */
  void fresh() {
    simulator.reset();
    webhooks.clear();
    statusAnswers.clear();
    messageAnswers.clear();
  }

  java.net.http.HttpResponse<String> send(String phoneNumberId, String json) {
    return request("POST", "/simulator/v23.0/" + phoneNumberId + "/messages", json, "Bearer " + TOKEN);
  }

  /** A send whose result must be a wamid. */
  String sendOk(String phoneNumberId, String json) throws IOException {
    java.net.http.HttpResponse<String> r = send(phoneNumberId, json);
    if (r.statusCode() != 200) throw new AssertionError("send failed: " + r.statusCode() + " " + r.body());
    return MetaJson.READER.readTree(r.body()).path("messages").path(0).path("id").asText();
  }

  java.net.http.HttpResponse<String> request(String method, String path, String json, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) b.header("Authorization", authorization);
    if (json != null) b.header("Content-Type", "application/json");
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      return http.send(b.build(), BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  java.net.http.HttpResponse<byte[]> getBytes(String url, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) b.header("Authorization", authorization);
    try {
      return http.send(b.build(), BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String to, String body) {
    return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + to
        + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
  }

  static JsonNode json(String s) {
    try {
      return MetaJson.READER.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    binding.unbind();
  }
}
