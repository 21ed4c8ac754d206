package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import chaupal.whatsapp.MediaAnswer.MediaProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media retrieval against a local stand-in for graph.facebook.com and its lookaside download host. */
class CloudMediaClientTest {

  private static final String TOKEN = "test-token-not-real";
  private static final byte[] PHOTO = "\u00ff\u00d8\u00ff fictional photo".getBytes(StandardCharsets.ISO_8859_1);
  private static ActorTestKit testKit;
  private static ServerBinding binding;
  private static CloudApiClient client;
  private static String base;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(CloudMediaClientTest::meta)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    client = new CloudApiClient(testKit.system(), base + "/v23.0", TOKEN, Duration.ofMillis(800));
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  private static CompletionStage<HttpResponse> meta(HttpRequest request) {
    String path = request.getUri().path();
    boolean token = request.getHeader("Authorization").map(h -> h.value().equals("Bearer " + TOKEN)).orElse(false);
    if (!token) return done(json(401, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}"));
    return switch (path) {
      case "/v23.0/1001" -> done(json(200, "{\"url\":\"" + base + "\\/dl?mid=1001\",\"mime_type\":\"image\\/jpeg\",\"sha256\":\""
          + hex(PHOTO) + "\",\"file_size\":" + PHOTO.length + ",\"id\":\"1001\",\"messaging_product\":\"whatsapp\"}"));
      case "/v23.0/1002" -> done(json(200, "{\"url\":\"https://lookaside.example/x\",\"mime_type\":\"image/jpeg\",\"sha256\":\""
          + Base64.getEncoder().encodeToString(digest(PHOTO)) + "\",\"file_size\":\"303833\",\"id\":\"1002\"}"));
      case "/v23.0/1003" -> done(json(500, "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\",\"code\":1}}"));
      case "/v23.0/1004" -> done(json(200, "<html>proxy</html>"));
      case "/v23.0/1005" -> CompletableFuture.supplyAsync(() -> json(200, "{}"), CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
      case "/gone" -> done(HttpResponse.create().withStatus(404));
      case "/dl" -> done(HttpResponse.create().withEntity(ContentTypes.APPLICATION_OCTET_STREAM, PHOTO));
      case "/big" -> done(HttpResponse.create().withEntity(ContentTypes.APPLICATION_OCTET_STREAM, new byte[64 * 1024]));
      default -> done(json(400, "{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100}}"));
    };
  }

  @Test
  void mediaInfoReadsMetasAnswerWithTheShaInHexOrBase64AndTheSizeAsNumberOrString() throws Exception {
    MediaInfo hex = got(client.mediaInfo("1001"));
    assertEquals(new MediaInfo("1001", base + "/dl?mid=1001", "image/jpeg", hex(PHOTO), PHOTO.length), hex);
    MediaInfo b64 = got(client.mediaInfo("1002"));
    assertEquals(hex(PHOTO), b64.sha256Hex());
    assertEquals(303833, b64.fileSize());
  }

  @Test
  void problemsAreTypedByWhatTheCallerCanDo() throws Exception {
    assertEquals(MediaProblem.NOT_FOUND, problem(client.mediaInfo("1999")));
    assertEquals(MediaProblem.NOT_FOUND, problem(client.mediaInfo("../etc")));
    assertEquals(MediaProblem.TRANSIENT, problem(client.mediaInfo("1003")));
    assertEquals(MediaProblem.TRANSIENT, problem(client.mediaInfo("1004")));
    assertEquals(MediaProblem.TIMEOUT, problem(client.mediaInfo("1005")));
    CloudApiClient wrongToken = new CloudApiClient(testKit.system(), base + "/v23.0", "wrong", Duration.ofMillis(800));
    assertEquals(MediaProblem.CREDENTIALS, problem(wrongToken.mediaInfo("1001")));
    assertEquals(MediaProblem.CREDENTIALS, problem(wrongToken.download(base + "/dl", 1000, dir.resolve("f"), Duration.ofSeconds(2))));
  }

  @Test
  void downloadStreamsTheBytesToTheFileWithTheirSha() throws Exception {
    Path target = dir.resolve("photo");
    DownloadedMedia downloaded = got(client.download(base + "/dl?mid=1001", 1000, target, Duration.ofSeconds(2)));
    assertArrayEquals(PHOTO, Files.readAllBytes(target));
    assertEquals(new DownloadedMedia(PHOTO.length, hex(PHOTO), "application/octet-stream"), downloaded);
  }

  @Test
  void anExpiredUrlATooLargeBodyAndAForeignPlainHttpHostAreRefused() throws Exception {
    assertEquals(MediaProblem.EXPIRED, problem(client.download(base + "/gone", 1000, dir.resolve("a"), Duration.ofSeconds(2))));
    assertEquals(MediaProblem.TOO_LARGE, problem(client.download(base + "/big", 1000, dir.resolve("b"), Duration.ofSeconds(2))));
    // Our access token never goes over plain http to a host other than the API's.
    assertEquals(MediaProblem.TRANSIENT, problem(client.download("http://lookaside.example/x", 1000, dir.resolve("c"), Duration.ofSeconds(2))));
    assertFalse(Files.exists(dir.resolve("c")));
  }

  @Test
  void shaWrittenEitherWayBecomesHex() {
    assertEquals(Optional.of(hex(PHOTO)), MediaInfo.sha256Hex(Base64.getEncoder().encodeToString(digest(PHOTO))));
    assertEquals(Optional.of(hex(PHOTO)), MediaInfo.sha256Hex(hex(PHOTO).toUpperCase()));
    assertEquals(Optional.empty(), MediaInfo.sha256Hex("abc"));
    assertEquals(Optional.empty(), MediaInfo.sha256Hex(null));
  }

  private static <T> T got(CompletionStage<MediaAnswer<T>> answer) throws Exception {
    MediaAnswer<T> a = answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (a instanceof MediaAnswer.Got<T> g) return g.value();
    throw new AssertionError("expected an answer, got " + a);
  }

  private static MediaProblem problem(CompletionStage<? extends MediaAnswer<?>> answer) throws Exception {
    MediaAnswer<?> a = answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (a instanceof MediaAnswer.Failed<?> f) return f.problem();
    throw new AssertionError("expected a failure, got " + a);
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private static byte[] digest(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(digest(b));
  }
}
