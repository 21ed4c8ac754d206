package chaupal.ingress;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.outbound.TemplateBook;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Simulator;
import chaupal.simulator.SimulatorSettings;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudApiClient;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.OutgoingMessage;
import chaupal.whatsapp.SendRequest;
import chaupal.whatsapp.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's templates reach the book through the real client, page by page; a template paused at
 * the simulator's control posts the signed webhook, the ingress routes it by business account, the book
 * follows, and the simulator refuses the paused template's sends with Meta's 132015.
 */
class TemplateWebhookEndToEndTest {

  private static final String SECRET = "template-e2e-secret";
  private static final String TOKEN = "template-e2e-token";
  private static final Directory DIRECTORY = Directory.load(Path.of("project-config"));
  private static final String SAGAR = "100000000000004";
  private static final String SAGAR_WABA = "200000000000004";
  private static ActorTestKit testKit;
  private static Database db;
  private static ServerBinding binding;
  private static Simulator simulator;
  private static TemplateBook book;
  private static CloudApiClient client;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    db = TestDatabase.create("template_webhook_e2e");
    AtomicReference<Route> routes = new AtomicReference<>();
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(Directives.extractRequest(r -> routes.get()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + binding.localAddress().getPort();
    List<BusinessNumber> numbers = DIRECTORY.channels().stream().map(ch -> new BusinessNumber(ch.phoneNumberId(), ch.displayNumber(),
        ch.name(), ch.languages(), 0, ch.templates().stream().map(t -> new BusinessNumber.Template(t.name(), t.languageCode(),
        t.parameters().size())).toList(), ch.wabaId())).toList();
    simulator = new Simulator(testKit.system(), new SimulatorSettings(base + "/webhooks/whatsapp", SECRET, TOKEN, numbers, 80, false,
        false, Duration.ZERO));
    client = new CloudApiClient(testKit.system(), base + "/simulator/v23.0", TOKEN);
    // Pages of 2: Sagar's account has 6 own (case-update, welcome and consent-update in hi and en) and 4 marketing templates.
    book = new TemplateBook(DIRECTORY, db.dataSource(), Executors.newFixedThreadPool(2), client, Clock.systemUTC(), 2);
    WhatsAppWebhook webhook = new WhatsAppWebhook(DIRECTORY, (key, message, at) -> { throw new AssertionError("no citizen writes"); },
        statuses -> java.util.concurrent.CompletableFuture.completedFuture(null), book::apply,
        new UnroutableWebhooks(db.dataSource(), Executors.newSingleThreadExecutor()), SECRET, "verify", 3_670_016, 100,
        new LoadShedder(Duration.ZERO, 0, System::nanoTime, new SimpleMeterRegistry()), Materializer.matFromSystem(testKit.system()),
        new SimpleMeterRegistry());
    routes.set(Directives.concat(webhook.route(), simulator.routes()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    db.close();
  }

  private static SendResult sendCaseUpdate() throws Exception {
    byte[] json = SendRequest.json(new OutgoingMessage("919800010001",
        new OutgoingContent.Template("chaupal_case_update", "hi", List.of("SGR-1", "resolved", "-")), null));
    return client.send(SAGAR, json).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTemplatePausedAtMetaIsPausedInTheBookAndRefusedBySends() throws Exception {
    int read = book.syncAll().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(read >= 8, "read " + read);
    assertEquals(10, book.of(SAGAR).size(), "Sagar's own 6 and the 4 marketing templates, over 5 pages");
    assertEquals("IMAGE", book.find(SAGAR, "scheme_announcement", "hi").orElseThrow().headerFormat());
    assertEquals("MARKETING", book.find(SAGAR, "scheme_announcement", "hi").orElseThrow().category());
    assertTrue(book.approved(SAGAR, "chaupal_case_update", "hi"));
    assertInstanceOf(SendResult.Accepted.class, sendCaseUpdate());

    assertEquals(200, simulator.changeTemplate(SAGAR_WABA, "chaupal_case_update", "hi", "PAUSED", null, "RED")
        .toCompletableFuture().get(10, TimeUnit.SECONDS));
    var paused = book.find(SAGAR, "chaupal_case_update", "hi").orElseThrow();
    assertEquals("PAUSED", paused.status(), "the webhooks were applied before the simulator's post was answered");
    assertEquals("RED", paused.quality());
    SendResult.Rejected refused = assertInstanceOf(SendResult.Rejected.class, sendCaseUpdate());
    assertEquals(132015, refused.error().code());

    // The control endpoint, as a demo or a load test outside the JVM uses it.
    java.net.http.HttpResponse<String> control = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/simulator/control/templates"))
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"waba_id\":\"" + SAGAR_WABA + "\",\"name\":\"chaupal_case_update\",\"language\":\"hi\",\"status\":\"approved\",\"category\":\"MARKETING\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, control.statusCode(), control.body());
    assertTrue(control.body().contains("\"webhook_status\":200"), control.body());
    assertTrue(book.approved(SAGAR, "chaupal_case_update", "hi"));
    assertEquals("MARKETING", book.find(SAGAR, "chaupal_case_update", "hi").orElseThrow().category());
    assertTrue(book.approved("100000000000005", "chaupal_case_update", "hi"), "Delhi's account is another one");
  }
}
