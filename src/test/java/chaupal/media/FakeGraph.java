package chaupal.media;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Meta's media endpoints: {@code GET /v23.0/{id}} answers the URL JSON, {@code GET
 * /dl/{id}} the bytes, both only with the token. A test scripts failures per media id: the next N
 * downloads answer 500, or carry other bytes than the SHA-256 promised.
 */
final class FakeGraph implements AutoCloseable {

  static final String TOKEN = "media-test-token";

  private record Item(String mime, byte[] bytes) {}

  private final Map<String, Item> media = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failDownloads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> corruptDownloads = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
  private final ServerBinding binding;
  final String base;

  FakeGraph(ActorSystem<?> system) throws Exception {
    binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(this::answer).toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  String apiUrl() {
    return base + "/v23.0";
  }

  void put(String id, String mime, byte[] bytes) {
    media.put(id, new Item(mime, bytes));
  }

  void failDownloads(String id, int times) {
    failDownloads.put(id, new AtomicInteger(times));
  }

  void corruptDownloads(String id, int times) {
    corruptDownloads.put(id, new AtomicInteger(times));
  }

  /** Download requests for this id so far, failed ones included. */
  int downloads(String id) {
    return downloads.getOrDefault(id, new AtomicInteger()).get();
  }

  private CompletionStage<HttpResponse> answer(HttpRequest request) {
    boolean token = request.getHeader("Authorization").map(h -> h.value().equals("Bearer " + TOKEN)).orElse(false);
    String path = request.getUri().path();
    if (!token) return done(HttpResponse.create().withStatus(401));
    if (path.startsWith("/v23.0/")) {
      String id = path.substring("/v23.0/".length());
      Item item = media.get(id);
      if (item == null) {
        return done(json(400, "{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\",\"code\":100}}"));
      }
      return done(json(200, "{\"url\":\"" + base + "\\/dl\\/" + id + "\",\"mime_type\":\"" + item.mime().replace("/", "\\/")
          + "\",\"sha256\":\"" + sha256(item.bytes()) + "\",\"file_size\":" + item.bytes().length + ",\"id\":\"" + id
          + "\",\"messaging_product\":\"whatsapp\"}"));
    }
    if (path.startsWith("/dl/")) {
      String id = path.substring("/dl/".length());
      downloads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      Item item = media.get(id);
      if (item == null) return done(HttpResponse.create().withStatus(404));
      if (due(failDownloads, id)) return done(json(500, "{\"error\":{\"message\":\"An unknown error occurred\",\"code\":1}}"));
      byte[] body = item.bytes();
      if (due(corruptDownloads, id)) {
        body = body.clone();
        body[body.length - 1] ^= 0x55;
      }
      return done(HttpResponse.create().withEntity(ContentTypes.APPLICATION_OCTET_STREAM, body));
    }
    return done(HttpResponse.create().withStatus(404));
  }

  private static boolean due(Map<String, AtomicInteger> script, String id) {
    AtomicInteger left = script.get(id);
    return left != null && left.getAndDecrement() > 0;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
