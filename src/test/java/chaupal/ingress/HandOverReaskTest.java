package chaupal.ingress;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import akka.stream.Materializer;
import chaupal.citizen.Citizen;
import chaupal.conversation.ConversationEngine;
import chaupal.tenancy.Directory;
import chaupal.testing.EntityTestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook whose citizen's shard is being handed over: sharding drops the message or its reply
 * without a word, and the webhook asks again instead of waiting out its whole persist budget.
 */
class HandOverReaskTest {

  static final Duration BUDGET = Duration.ofSeconds(5);
  static final Duration ATTEMPT = Duration.ofMillis(500);
  static final Citizen.Settings SETTINGS = new Citizen.Settings(Duration.ofDays(8).toMillis(), 4096, 100, 8);

  static ActorTestKit testKit;
  static PersistenceTestKit journal;
  static Directory directory;
  static ConversationEngine engine;
  static final HttpClient http = HttpClient.newHttpClient();

  SimpleMeterRegistry metrics;
  ServerBinding binding;

  /** What the hand-over loses of the first ask of each message. */
  enum Loss { COMMAND, REPLY }

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EntityTestConfig.config());
    journal = PersistenceTestKit.create(testKit.system());
    directory = Directory.load(Path.of("project-config"));
    engine = new ConversationEngine(directory);
    // A cold entity's first message (class loading, the serialization check) can take longer than one ask.
    ActorRef<Citizen.Command> warm = testKit.spawn(Citizen.create("919800010009", engine, directory, SETTINGS));
    TestProbe<StatusReply<Citizen.Receipt>> warmed = testKit.createTestProbe();
    warm.tell(new Citizen.Receive(chaupal.citizen.CitizenMessage.text("wamid.warm", "100000000000001", 1, "hi"), 0, warmed.getRef()));
    warmed.receiveMessage(Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void unbind() throws Exception {
    if (binding != null) binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Forwards to the entity, but the first ask of each wamid loses its command or its reply, as a hand-over can. */
  static Behavior<Citizen.Command> handOver(ActorRef<Citizen.Command> entity, Loss loss, ActorRef<StatusReply<Citizen.Receipt>> lostReplies) {
    Set<String> asked = new HashSet<>();
    return Behaviors.receiveMessage(cmd -> {
      if (cmd instanceof Citizen.Receive r && asked.add(r.message().wamid())) {
        if (loss == Loss.REPLY) entity.tell(new Citizen.Receive(r.message(), r.receivedAtMillis(), lostReplies));
      } else {
        entity.tell(cmd);
      }
      return Behaviors.same();
    });
  }

  /** Serves the webhook over {@code citizen}, asked as the sharded inbox asks an entity ref. */
  void serve(ActorRef<Citizen.Command> citizen) throws Exception {
    metrics = new SimpleMeterRegistry();
    CitizenInbox.Ask ask = (key, message, at, timeout) ->
        AskPattern.askWithStatus(citizen, replyTo -> new Citizen.Receive(message, at, replyTo), timeout, testKit.scheduler());
    WhatsAppWebhook webhook = new WhatsAppWebhook(directory, new ReaskingInbox(ask, BUDGET, ATTEMPT, testKit.system(), metrics),
        statuses -> CompletableFuture.completedFuture(null), new UnroutableWebhooks(null, Runnable::run),
        WebhookIngressTest.SECRET, WebhookIngressTest.VERIFY, 3_670_016, 100,
        new LoadShedder(Duration.ZERO, System::nanoTime, metrics), Materializer.matFromSystem(testKit.system()), metrics);
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(webhook.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/webhooks/whatsapp"))
        .header("Content-Type", "application/json").header(chaupal.whatsapp.WebhookSignature.HEADER, WebhookIngressTest.sign(body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  double reasks() {
    return metrics.counter("chaupal.webhook.reasks").count();
  }

  long journalled(String citizenId, String wamid) {
    return journal.persistedInStorage("Citizen|" + citizenId).stream()
        .filter(e -> e instanceof Citizen.MessageReceived m && m.message().wamid().equals(wamid)).count();
  }

  void aLostFirstAskIsAskedAgain(String citizenId, Loss loss) throws Exception {
    ActorRef<Citizen.Command> entity = testKit.spawn(Citizen.create(citizenId, engine, directory, SETTINGS));
    TestProbe<StatusReply<Citizen.Receipt>> lost = testKit.createTestProbe();
    serve(testKit.spawn(handOver(entity, loss, lost.getRef())));
    String wamid = "wamid.handover-" + loss;
    long start = System.nanoTime();
    HttpResponse<String> r = post(WebhookIngressTest.textMessage(wamid, "hi"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(200, r.statusCode(), r.body());
    // An ask and a pause (about 0.6 s; 1.5 s on a cold JVM) rather than the whole budget.
    assertTrue(took.compareTo(BUDGET.dividedBy(2)) < 0, "answered after " + took.toMillis() + " ms of a " + BUDGET.toMillis() + " ms budget");
    if (loss == Loss.REPLY) assertEquals(Citizen.Receipt.PERSISTED, lost.receiveMessage().getValue(), "the first ask did persist");
    assertEquals(1, journalled(citizenId, wamid), "journalled once");
    assertEquals(1.0, reasks());
    assertEquals(1.0, metrics.counter("chaupal.webhook.messages.persisted").count(), "persisted by this webhook, not a repeat of Meta's");
    assertEquals(0.0, metrics.counter("chaupal.webhook.messages.duplicate").count());
  }

  @Test
  void aFirstAskWhoseReplyIsLostIsAskedAgainAndTheWebhookAnswered200WithTheMessageJournalledOnce() throws Exception {
    aLostFirstAskIsAskedAgain("919800010001", Loss.REPLY);
  }

  @Test
  void aFirstAskLostOnTheWayIsAskedAgainAndTheWebhookAnswered200WithTheMessageJournalledOnce() throws Exception {
    aLostFirstAskIsAskedAgain("919800010002", Loss.COMMAND);
  }

  @Test
  void anEntityThatNeverAnswersIsAskedAgainUntilTheBudgetIsSpentAndOnlyThen503() throws Exception {
    TestProbe<Citizen.Command> silent = testKit.createTestProbe();
    serve(silent.getRef());
    long start = System.nanoTime();
    HttpResponse<String> r = post(WebhookIngressTest.textMessage("wamid.handover-silent", "hi"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(took.compareTo(BUDGET) >= 0, "503 after " + took.toMillis() + " ms, before the " + BUDGET.toMillis() + " ms budget was spent");
    java.util.List<Citizen.Command> asked = silent.receiveSeveralMessages((int) reasks() + 1);
    silent.expectNoMessage(Duration.ofMillis(300)); // every ask counted, and none after the 503
    assertTrue(asked.size() >= 3, "asked " + asked.size() + " times in " + BUDGET.toMillis() + " ms with " + ATTEMPT.toMillis() + " ms asks");
    assertTrue(asked.stream().allMatch(c -> c instanceof Citizen.Receive m && m.message().wamid().equals("wamid.handover-silent")),
        "the same message each time: " + asked);
  }
}
