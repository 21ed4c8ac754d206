package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a local stand-in for graph.facebook.com; each phone number id picks one behaviour. */
class CloudApiClientTest {

  private static final String TOKEN = "test-token-not-real";
  private static final byte[] REQUEST = SendRequest.json(
      new OutgoingMessage("919800000001", new OutgoingContent.Text("नमस्ते", false), null));

  record Received(String path, String authorization, String contentType, byte[] body) {}

  private static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private static ActorTestKit testKit;
  private static ServerBinding binding;
  private static CloudApiClient client;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    binding = bindMeta();
    int port = binding.localAddress().getPort();
    client = new CloudApiClient(testKit.system(), "http://127.0.0.1:" + port + "/v23.0/", TOKEN, Duration.ofMillis(800));
  }

  private static ServerBinding bindMeta() throws Exception {
    return Http.get(testKit.system())
        .newServerAt("127.0.0.1", 0)
        .bind(CloudApiClientTest::meta)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  private static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private static String error(int code, String message, String details) {
    return "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code
        + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + details + "\"},\"fbtrace_id\":\"AbCdEf\"}}";
  }

  private static CompletionStage<HttpResponse> meta(HttpRequest request) {
    return request.entity().toStrict(5000, testKit.system()).thenCompose(strict -> {
      String path = request.getUri().path();
      received.add(new Received(
          path,
          request.getHeader("Authorization").map(h -> h.value()).orElse(null),
          request.entity().getContentType().toString(),
          strict.getData().toArray()));
      String id = path.split("/")[2];
      HttpResponse response = switch (id) {
        case "1001" -> json(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+919800000001\",\"wa_id\":\"919800000001\"}],"
            + "\"messages\":[{\"id\":\"wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJCNUQ5RUNBNTk3OEQ2M0ZEQzgA\"}]}");
        case "1002" -> json(400, error(131026, "Message undeliverable", "Message Undeliverable."));
        case "1003" -> json(400, error(130429, "Rate limit hit", "Cloud API message throughput has been reached."));
        case "1004" -> HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
        case "1005" -> null;
        case "1006" -> HttpResponse.create().withStatus(200).withEntity(ContentTypes.TEXT_HTML_UTF8, "<html>captive portal</html>");
        case "1007" -> HttpResponse.create().withStatus(502).withEntity(ContentTypes.TEXT_HTML_UTF8, "<html>Bad Gateway</html>");
        case "1008" -> json(401, error(190, "Error validating access token", "Session has expired"));
        case "1009" -> json(400, "{\"error\":{\"message\":\"truncated");
        case "1010" -> json(400, error(131056, "(Business Account, Consumer Account) pair rate limit hit", "pair"));
        default -> HttpResponse.create().withStatus(404);
      };
      // 1005 never answers, like a hung upstream.
      return response == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(response);
    });
  }

  private static SendResult send(String phoneNumberId) throws Exception {
    return client.send(phoneNumberId, REQUEST).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Received lastFor(String phoneNumberId) {
    return received.stream().filter(r -> r.path().equals("/v23.0/" + phoneNumberId + "/messages")).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void thePoolsRoomForOpenRequestsIsRoundedUpToAPowerOfTwo() {
    assertEquals(2048, CloudApiClient.powerOfTwoAtLeast(2048));
    assertEquals(2048, CloudApiClient.powerOfTwoAtLeast(1025));
    assertEquals(1024, CloudApiClient.powerOfTwoAtLeast(1000));
    assertEquals(2, CloudApiClient.powerOfTwoAtLeast(2));
  }

  @Test
  void accepted() throws Exception {
    assertEquals(new SendResult.Accepted("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJCNUQ5RUNBNTk3OEQ2M0ZEQzgA"), send("1001"));
    Received r = lastFor("1001");
    assertEquals("Bearer " + TOKEN, r.authorization());
    assertEquals("application/json", r.contentType());
    assertArrayEquals(REQUEST, r.body());
  }

  @Test
  void undeliverableIsPermanent() throws Exception {
    assertEquals(
        new SendResult.Rejected(400, new ApiError(131026, "Message undeliverable", "(#131026) Message undeliverable", "Message Undeliverable."),
            false, Duration.ZERO),
        send("1002"));
  }

  @Test
  void throughputIsRetryable() throws Exception {
    SendResult.Rejected r = (SendResult.Rejected) send("1003");
    assertEquals(400, r.httpStatus());
    assertEquals(130429, r.error().code());
    assertTrue(r.retryable());
    assertEquals(Duration.ofSeconds(1), r.retryAfter());
    assertEquals("130429 Rate limit hit", r.describe());
  }

  @Test
  void pairLimitSuggestsAWait() throws Exception {
    SendResult.Rejected r = (SendResult.Rejected) send("1010");
    assertTrue(r.retryable());
    assertEquals(Duration.ofSeconds(1), r.retryAfter());
  }

  @Test
  void serverErrorIsRetryable() throws Exception {
    assertEquals(new SendResult.Rejected(500, null, true, Duration.ZERO), send("1004"));
  }

  @Test
  void timeoutIsRetryable() throws Exception {
    assertEquals(new SendResult.Rejected(0, null, true, Duration.ZERO), send("1005"));
  }

  @Test
  void garbageBodies() throws Exception {
    assertEquals(new SendResult.Rejected(200, null, true, Duration.ZERO), send("1006"));
    assertEquals(new SendResult.Rejected(502, null, true, Duration.ZERO), send("1007"));
    assertEquals(new SendResult.Rejected(400, null, false, Duration.ZERO), send("1009"));
  }

  @Test
  void expiredTokenIsPermanent() throws Exception {
    SendResult.Rejected r = (SendResult.Rejected) send("1008");
    assertEquals(401, r.httpStatus());
    assertEquals(190, r.error().code());
    assertFalse(r.retryable());
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    ServerBinding closed = bindMeta();
    int port = closed.localAddress().getPort();
    closed.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CloudApiClient nowhere = new CloudApiClient(testKit.system(), "http://127.0.0.1:" + port + "/v23.0", TOKEN, Duration.ofSeconds(5));
    assertEquals(new SendResult.Rejected(0, null, true, Duration.ZERO),
        nowhere.send("1001", REQUEST).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aPhoneNumberIdThatIsNotAnIdIsRefusedWithoutARequest() throws Exception {
    int before = received.size();
    for (String bad : List.of("", "../../me", "1001/messages?x=", "1 2")) {
      SendResult r = client.send(bad, REQUEST).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(new SendResult.Rejected(0, null, false, Duration.ZERO), r, bad);
    }
    assertEquals(before, received.size());
  }

  @Test
  void theTokenIsNeverInTheRequestBodyOrPath() throws Exception {
    send("1001");
    Received r = lastFor("1001");
    assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains(TOKEN));
    assertFalse(r.path().contains(TOKEN));
  }
  @Test
  void anUploadsAnswerIsMetasIdOrTheSendsKindOfRefusal() {
    byte[] ok = "{\"id\":\"1037543291543636\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(new CloudUpload.UploadResult.Uploaded("1037543291543636"), CloudApiClient.interpretUpload(200, ok));
    // 200 without an id is not Meta speaking: retry.
    CloudUpload.UploadResult proxy = CloudApiClient.interpretUpload(200, "<html>".getBytes(StandardCharsets.UTF_8));
    assertTrue(((CloudUpload.UploadResult.Refused) proxy).rejection().retryable());
    byte[] unsupported = "{\"error\":{\"message\":\"(#131053) Media upload error\",\"code\":131053,\"error_data\":{\"details\":\"Unsupported file type\"}}}"
        .getBytes(StandardCharsets.UTF_8);
    SendResult.Rejected refused = ((CloudUpload.UploadResult.Refused) CloudApiClient.interpretUpload(400, unsupported)).rejection();
    assertEquals(131053, refused.error().code());
    assertFalse(refused.retryable());
    assertTrue(((CloudUpload.UploadResult.Refused) CloudApiClient.interpretUpload(503, new byte[0])).rejection().retryable());
  }
}
