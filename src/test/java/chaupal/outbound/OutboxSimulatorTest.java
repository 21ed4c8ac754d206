package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import chaupal.db.BlockingSql;
import chaupal.whatsapp.CloudApiClient;
import chaupal.whatsapp.CloudUpload;
import chaupal.whatsapp.SendResult;
import chaupal.whatsapp.OutgoingContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    CloudUpload flakyUploads = (phone, content, type, name) -> {
      uploads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      AtomicInteger failures = failingUploads.get(name);
      if (failures != null && failures.getAndDecrement() > 0) {
        return CompletableFuture.completedFuture(new CloudUpload.UploadResult.Refused(new SendResult.Rejected(503, null, true, Duration.ZERO)));
      }
      return client.upload(phone, content, type, name);
    };
    OutboundMedia stored = id -> CompletableFuture.completedFuture(Optional.ofNullable(photos.get(id)));
    node.start(node.settings().withPollInterval(Duration.ofMillis(200)).withRates(Map.of(), 1000)
            .withRetries(Duration.ofMillis(50), Duration.ofMillis(200), 10, Duration.ofHours(1)),
        client, new StoredMediaSend(stored, flakyUploads, db.dataSource(), BlockingSql.executor(node.testKit.system())));
  }

  /** The officials' photos the outbox may send, by stored id, as the media part keeps them. */
  private static final Map<String, OutboundMedia.Bytes> photos = new ConcurrentHashMap<>();
  /** Uploads asked for, by stored id, and how many of them are to fail first. */
  private static final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> failingUploads = new ConcurrentHashMap<>();

  private static String photo(String text) {
    byte[] bytes = ("\u00ff\u00d8\u00ff\u00e0 JFIF " + text).getBytes(StandardCharsets.ISO_8859_1);
    String sha = sha256(bytes);
    String id = "upload-" + sha.substring(0, 32);
    photos.put(id, new OutboundMedia.Bytes(bytes, "image/jpeg", sha));
    return id;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int uploadsOf(String id) {
    AtomicInteger n = uploads.get(id);
    return n == null ? 0 : n.get();
  }

  /** The citizen writes: both the simulator's window and the outbox's open. */
  private static void citizenWrites(String citizen) throws Exception {
    simulator.sendText(OutboxTestNode.CHANNEL, citizen, "any news?").toCompletableFuture().get(10, TimeUnit.SECONDS);
    node.reply(citizen, "Looking it up for " + citizen);
    await(WAIT, () -> "accepted".equals(node.row("Looking it up for " + citizen).get("state")));
  }

  /** Queues the photo as news for the citizen and returns it as the simulator received it. */
  private static ReceivedSend photoArrives(String citizen, String photo, String caption) {
    node.photo(citizen, photo, caption);
    await(WAIT, () -> "accepted".equals(node.row(caption).get("state")));
    return lastReceivedBy(citizen);
  }

  private static ReceivedSend lastReceivedBy(String citizen) {
    List<ReceivedSend> received = simulator.received(OutboxTestNode.CHANNEL, citizen);
    return received.get(received.size() - 1);
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
  @Test
  void anOfficialsPhotoIsUploadedOnceAndReachesTheCitizenAsAnImageTwice() throws Exception {
    String citizen = "919800010053";
    String photo = photo("pipe repaired at ward 12");
    citizenWrites(citizen);

    ReceivedSend first = photoArrives(citizen, photo, "JAL-26-000053: pipe repaired");
    assertEquals("image", first.type());
    assertEquals("JAL-26-000053: pipe repaired", first.text());
    String metaId = first.body().path("image").path("id").asText();
    assertEquals(sha256(photos.get(photo).content()), TestDatabase.query(db,
        "SELECT sha256 FROM outbound_media_upload WHERE meta_media_id = ?", rs -> rs.next() ? rs.getString(1).trim() : null, metaId));

    ReceivedSend second = photoArrives(citizen, photo, "JAL-26-000053: the same photo again");
    assertEquals("image", second.type());
    assertEquals(metaId, second.body().path("image").path("id").asText(), "sent again by Meta's id");
    assertEquals(1, uploadsOf(photo), "uploaded once");
  }

  @Test
  void aPhotoWhoseUploadFailsTwiceIsRetriedAndArrives() throws Exception {
    String citizen = "919800010054";
    String photo = photo("garbage cleared at ward 3");
    failingUploads.put(photo, new AtomicInteger(2));
    citizenWrites(citizen);

    assertEquals("image", photoArrives(citizen, photo, "JAL-26-000054: cleared").type());
    assertEquals(3, uploadsOf(photo));
    assertEquals(3, node.row("JAL-26-000054: cleared").get("attempts"), "two failed attempts, then the one accepted");
  }

  @Test
  void outsideTheWindowAPhotoWaitsForTheCitizensNextMessage() throws Exception {
    String citizen = "919800010055";
    String photo = photo("street light fixed");
    node.photo(citizen, photo, "JAL-26-000055: light fixed");
    await(WAIT, () -> "pending".equals(node.row("JAL-26-000055: light fixed").get("state"))
        && String.valueOf(node.row("JAL-26-000055: light fixed").get("last_error")).contains("waiting for the citizen's next message"));
    assertEquals(List.of(), receivedBy(citizen));
    assertEquals(0, uploadsOf(photo));

    citizenWrites(citizen);
    await(WAIT, () -> "accepted".equals(node.row("JAL-26-000055: light fixed").get("state")));
    assertTrue(receivedBy(citizen).contains("image:JAL-26-000055: light fixed"), receivedBy(citizen).toString());
  }

  @Test
  void aPhotoNoLongerStoredFailsWithTheReason() throws Exception {
    String citizen = "919800010056";
    citizenWrites(citizen);
    node.photo(citizen, "upload-00000000000000000000000000000000", "JAL-26-000056: gone");
    await(WAIT, () -> "failed".equals(node.row("JAL-26-000056: gone").get("state")));
    assertTrue(String.valueOf(node.row("JAL-26-000056: gone").get("last_error")).contains("no stored media"));
  }
  @Test
  void aPhotoMetaNoLongerHoldsIsUploadedAgain() throws Exception {
    String citizen = "919800010057";
    String photo = photo("drain cleaned at ward 7");
    citizenWrites(citizen);
    String firstId = photoArrives(citizen, photo, "JAL-26-000057: drain cleaned").body().path("image").path("id").asText();
    // Meta deletes a file before our 29 days are up (here: the simulator, as on DELETE /{media-id}).
    java.net.http.HttpResponse<String> deleted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + graph.localAddress().getPort() + "/simulator/v23.0/" + firstId))
        .header("Authorization", "Bearer test-access-token").DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, deleted.statusCode(), deleted.body());

    String secondId = photoArrives(citizen, photo, "JAL-26-000057: once more").body().path("image").path("id").asText();
    assertEquals(2, uploadsOf(photo));
    assertNotEquals(firstId, secondId, "sent by the new upload's id");
  }
}
