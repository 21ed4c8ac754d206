package chaupal.whatsapp;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.Multipart;
import akka.http.javadsl.model.Multiparts;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.Authorization;
import akka.http.javadsl.settings.ClientConnectionSettings;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.javadsl.FileIO;
import akka.util.ByteString;
import chaupal.whatsapp.MediaAnswer.MediaProblem;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * {@link CloudApi} over the Akka HTTP client: {@code POST {baseUrl}/{phoneNumberId}/messages}
 * with the bearer token. Every outcome, including timeouts and refused connections, is a
 * {@link SendResult}; the stage never fails. The token and the request body (which holds the
 * citizen's number) are never logged. Media retrieval ({@link CloudMedia}) runs on a pool of its
 * own, so that downloads never hold the connections that replies are sent on.
 */
public final class CloudApiClient implements CloudApi, CloudMedia, CloudUpload, CloudTemplates {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Connections to Meta; Akka's default of 4 caps a number at roughly 20 messages a second. */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  /** An upload carries up to 5 MB (an image): longer than a send may take. */
  static final Duration MIN_UPLOAD_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(CloudApiClient.class);
  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

  private final ActorSystem<?> system;
  private final Http http;
  private final String baseUrl;
  private final Authorization authorization;
  private final Duration timeout;
  private final ConnectionPoolSettings pool;
  private final ConnectionPoolSettings mediaPool;

  public CloudApiClient(ActorSystem<?> system, String baseUrl, String accessToken) {
    this(system, baseUrl, accessToken, DEFAULT_TIMEOUT);
  }

  public CloudApiClient(ActorSystem<?> system, String baseUrl, String accessToken, Duration timeout) {
    this(system, baseUrl, accessToken, timeout, DEFAULT_MAX_CONNECTIONS);
  }

  /** {@code baseUrl} includes the API version, e.g. {@code https://graph.facebook.com/v23.0}; a trailing slash is ignored. */
  public CloudApiClient(
      ActorSystem<?> system, String baseUrl, String accessToken, Duration timeout, int maxConnections) {
    this(system, baseUrl, accessToken, timeout, maxConnections, maxConnections * 8);
  }

  /**
   * As above, with room for {@code maxOpenRequests} sends queued or on the wire (rounded up to a
   * power of two, as the pool requires). A send that timed out keeps its place until its answer
   * comes or the connection closes, so callers leave room beyond the sends they themselves allow.
   */
  public CloudApiClient(ActorSystem<?> system, String baseUrl, String accessToken, Duration timeout, int maxConnections,
                        int maxOpenRequests) {
    if (accessToken == null || accessToken.isBlank()) throw new IllegalArgumentException("access token is required");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    this.system = system;
    this.http = Http.get(system);
    this.baseUrl = Uri.create(baseUrl.replaceAll("/+$", "")).toString();
    this.authorization = Authorization.oauth2(accessToken);
    this.timeout = timeout;
    FiniteDuration idle = FiniteDuration.create(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(maxConnections)
            .withMaxOpenRequests(powerOfTwoAtLeast(Math.max(maxOpenRequests, 2)))
            // POST is not idempotent: a retry here could send the citizen the same message twice.
            .withMaxRetries(0)
            .withConnectionSettings(
                ClientConnectionSettings.create(system.classicSystem())
                    .withConnectingTimeout(FiniteDuration.create(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .withIdleTimeout(idle));
    // A distinct idle timeout makes it a distinct pool; GETs are retried by the media part, with backoff.
    this.mediaPool = pool.withConnectionSettings(pool.getConnectionSettings().withIdleTimeout(idle.$plus(idle)));
  }

  static int powerOfTwoAtLeast(int n) {
    int p = Integer.highestOneBit(n);
    return p == n ? n : p << 1;
  }

  @Override
  public CompletionStage<SendResult> send(String phoneNumberId, byte[] requestJson) {
    if (phoneNumberId == null || !PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
      log.error("Refusing to send: phone number id is not an id");
      return CompletableFuture.completedFuture(new SendResult.Rejected(0, null, false, Duration.ZERO));
    }
    HttpRequest request =
        HttpRequest.POST(baseUrl + "/" + phoneNumberId + "/messages")
            .addHeader(authorization)
            .withEntity(ContentTypes.APPLICATION_JSON, requestJson);
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    CompletionStage<HttpResponse> response;
    try {
      response = http.singleRequest(request, http.defaultClientHttpsContext(), pool, system.classicSystem().log());
    } catch (RuntimeException e) {
      log.warn("Cloud API send for {} could not start: {}", phoneNumberId, e.toString());
      return CompletableFuture.completedFuture(transportFailure(0));
    }
    Cancellable timer =
        system.scheduler().scheduleOnce(
            timeout,
            () -> {
              if (result.complete(transportFailure(0))) log.warn("Cloud API send for {} timed out after {}", phoneNumberId, timeout);
            },
            system.executionContext());
    response
        .thenCompose(this::read)
        .whenComplete(
            (sent, failure) -> {
              timer.cancel();
              if (failure != null) {
                if (result.complete(transportFailure(0))) log.warn("Cloud API send for {} failed: {}", phoneNumberId, failure.toString());
              } else {
                if (result.complete(sent) && sent instanceof SendResult.Rejected r) logRejection(phoneNumberId, r);
              }
            });
    return result;
  }

  // The entity is always read to the end, even after a timeout, so that the pooled connection is freed.
  private CompletionStage<SendResult> read(HttpResponse response) {
    int status = response.status().intValue();
    return response.entity()
        .toStrict(timeout.toMillis(), system)
        .thenApply(strict -> interpret(status, strict.getData()));
  }

  static SendResult interpret(int status, ByteString data) {
    byte[] body = data.toArray();
    if (status == 200) {
      Optional<String> wamid = wamid(body);
      if (wamid.isPresent()) return new SendResult.Accepted(wamid.get());
      // 200 without a wamid is not Meta speaking (a proxy page, say): nothing was sent yet.
      return transportFailure(status);
    }
    return rejection(status, body);
  }

  /** A refused request, by Meta's error object when there is one, by the HTTP status otherwise. */
  private static SendResult.Rejected rejection(int status, byte[] body) {
    Optional<ApiError> error = ErrorCodes.parseErrorBody(body);
    if (error.isEmpty()) {
      return new SendResult.Rejected(status, null, ErrorCodes.transientHttp(status), Duration.ZERO);
    }
    int code = error.get().code();
    return new SendResult.Rejected(status, error.get(), ErrorCodes.retryable(code, status), ErrorCodes.retryAfter(code, 0));
  }

  @Override
  public CompletionStage<UploadResult> upload(String phoneNumberId, byte[] content, String mimeType, String filename) {
    if (phoneNumberId == null || !PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
      log.error("Refusing to upload: phone number id is not an id");
      return CompletableFuture.completedFuture(new UploadResult.Refused(new SendResult.Rejected(0, null, false, Duration.ZERO)));
    }
    ContentType type;
    try {
      type = ContentTypes.parse(mimeType);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new UploadResult.Refused(new SendResult.Rejected(0, null, false, Duration.ZERO)));
    }
    Multipart.FormData.Strict form = Multiparts.createStrictFormDataFromParts(
        Multiparts.createFormDataBodyPartStrict("messaging_product", HttpEntities.create("whatsapp")),
        Multiparts.createFormDataBodyPartStrict("type", HttpEntities.create(type.mediaType().toString())),
        Multiparts.createFormDataBodyPartStrict("file", HttpEntities.create(type, content), Map.of("filename", filename)));
    HttpRequest request = HttpRequest.POST(baseUrl + "/" + phoneNumberId + "/media").addHeader(authorization).withEntity(form.toEntity());
    Duration limit = timeout.compareTo(MIN_UPLOAD_TIMEOUT) > 0 ? timeout : MIN_UPLOAD_TIMEOUT;
    return mediaRequest(request)
        .thenCompose(response -> response.entity().toStrict(limit.toMillis(), system)
            .thenApply(strict -> interpretUpload(response.status().intValue(), strict.getData().toArray())))
        .toCompletableFuture()
        .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> new UploadResult.Refused(transportFailure(0)))
        .thenApply(result -> {
          if (result instanceof UploadResult.Refused refused) logRejection(phoneNumberId, refused.rejection());
          return result;
        });
  }

  static UploadResult interpretUpload(int status, byte[] body) {
    if (status == 200) {
      try {
        JsonNode id = MetaJson.READER.readTree(body).path("id");
        if (id.isTextual() && !id.textValue().isBlank()) return new UploadResult.Uploaded(id.textValue());
      } catch (IOException | RuntimeException e) {
        // not Meta's answer: below
      }
      return new UploadResult.Refused(transportFailure(status));
    }
    return new UploadResult.Refused(rejection(status, body));
  }

  private static Optional<String> wamid(byte[] body) {
    try {
      JsonNode id = MetaJson.READER.readTree(body).path("messages").path(0).path("id");
      return id.isTextual() && !id.textValue().isBlank() ? Optional.of(id.textValue()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public CompletionStage<TemplatePage> templates(String wabaId, String after, int limit) {
    if (wabaId == null || !PHONE_NUMBER_ID.matcher(wabaId).matches()) {
      return CompletableFuture.failedFuture(new CloudApiException("WhatsApp Business Account id is not an id"));
    }
    Uri uri = Uri.create(baseUrl + "/" + wabaId + "/message_templates").query(akka.http.javadsl.model.Query.create(
        after == null
            ? new akka.japi.Pair[] {akka.japi.Pair.create("fields", FIELDS), akka.japi.Pair.create("limit", Integer.toString(limit))}
            : new akka.japi.Pair[] {akka.japi.Pair.create("fields", FIELDS), akka.japi.Pair.create("limit", Integer.toString(limit)),
                akka.japi.Pair.create("after", after)}));
    HttpRequest request = HttpRequest.GET(uri.toString()).addHeader(authorization);
    return mediaRequest(request)
        .thenCompose(response -> response.entity().toStrict(timeout.toMillis(), system)
            .thenApply(strict -> interpretTemplates(wabaId, response.status().intValue(), strict.getData().toArray())))
        .toCompletableFuture().orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
  }

  static TemplatePage interpretTemplates(String wabaId, int status, byte[] body) {
    if (status != 200) {
      String detail = ErrorCodes.parseErrorBody(body).map(e -> e.code() + " " + e.title()).orElse("HTTP " + status);
      throw new CloudApiException("templates of WhatsApp Business Account " + wabaId + " not read: " + detail);
    }
    JsonNode root;
    try {
      root = MetaJson.READER.readTree(body);
    } catch (IOException e) {
      throw new CloudApiException("templates of WhatsApp Business Account " + wabaId + ": the answer is not JSON");
    }
    JsonNode data = root.path("data");
    if (!data.isArray()) throw new CloudApiException("templates of WhatsApp Business Account " + wabaId + ": the answer has no data list");
    java.util.List<MessageTemplate> templates = new java.util.ArrayList<>();
    int skipped = 0;
    for (JsonNode t : data) {
      try {
        templates.add(MessageTemplate.fromGraph(t));
      } catch (IllegalArgumentException e) {
        skipped++;
      }
    }
    // Meta leaves out paging.next on the last page; the after cursor alone may still be there.
    JsonNode paging = root.path("paging");
    String after = paging.hasNonNull("next") && paging.path("cursors").path("after").isTextual()
        ? paging.path("cursors").path("after").textValue() : null;
    return new TemplatePage(templates, after, skipped);
  }

  @Override
  public CompletionStage<MediaAnswer<MediaInfo>> mediaInfo(String mediaId) {
    if (mediaId == null || !PHONE_NUMBER_ID.matcher(mediaId).matches()) {
      return CompletableFuture.completedFuture(new MediaAnswer.Failed<>(MediaProblem.NOT_FOUND, "media id is not an id"));
    }
    HttpRequest request = HttpRequest.GET(baseUrl + "/" + mediaId).addHeader(authorization);
    return within(timeout, mediaRequest(request)
        .thenCompose(response -> response.entity().toStrict(timeout.toMillis(), system)
            .thenApply(strict -> interpretMediaInfo(response.status().intValue(), strict.getData().toArray()))));
  }

  static MediaAnswer<MediaInfo> interpretMediaInfo(int status, byte[] body) {
    if (status == 200) {
      try {
        JsonNode node = MetaJson.READER.readTree(body);
        String url = node.path("url").asText("");
        Optional<String> sha = MediaInfo.sha256Hex(node.path("sha256").asText(null));
        // file_size is a number in real answers, a string in Meta's documentation.
        long size = node.path("file_size").asLong(-1);
        if (!url.isEmpty() && sha.isPresent()) {
          return new MediaAnswer.Got<>(new MediaInfo(node.path("id").asText(""), url, node.path("mime_type").asText(""), sha.get(), size));
        }
      } catch (IOException | RuntimeException e) {
        // not Meta's answer: below
      }
      return new MediaAnswer.Failed<>(MediaProblem.TRANSIENT, "HTTP 200 without a media URL and SHA-256");
    }
    Optional<ApiError> error = ErrorCodes.parseErrorBody(body);
    String detail = error.map(e -> e.code() + " " + e.title()).orElse("HTTP " + status);
    if (status == 401 || error.filter(e -> ErrorCodes.credentialProblem(e.code())).isPresent()) {
      return new MediaAnswer.Failed<>(MediaProblem.CREDENTIALS, detail);
    }
    if (ErrorCodes.transientHttp(status) || error.filter(e -> ErrorCodes.retryable(e.code(), status)).isPresent()) {
      return new MediaAnswer.Failed<>(MediaProblem.TRANSIENT, detail);
    }
    // 404, or 400 with 100 "Unsupported get request": the id is unknown or gone.
    return new MediaAnswer.Failed<>(MediaProblem.NOT_FOUND, detail);
  }

  @Override
  public CompletionStage<MediaAnswer<DownloadedMedia>> download(String url, long maxBytes, Path target, Duration limit) {
    Optional<String> refused = refusedDownloadUrl(url);
    if (refused.isPresent()) return CompletableFuture.completedFuture(new MediaAnswer.Failed<>(MediaProblem.TRANSIENT, refused.get()));
    HttpRequest request = HttpRequest.GET(url).addHeader(authorization);
    return within(limit, mediaRequest(request).thenCompose(response -> {
      int status = response.status().intValue();
      if (status != 200) {
        response.discardEntityBytes(system);
        MediaProblem problem = status == 404 ? MediaProblem.EXPIRED
            : status == 401 || status == 403 ? MediaProblem.CREDENTIALS : MediaProblem.TRANSIENT;
        return CompletableFuture.completedFuture(new MediaAnswer.Failed<DownloadedMedia>(problem, "HTTP " + status + " for the download URL"));
      }
      OptionalLong declared = response.entity().getContentLengthOption();
      if (declared.isPresent() && declared.getAsLong() > maxBytes) {
        response.discardEntityBytes(system);
        return CompletableFuture.completedFuture(tooLarge(maxBytes));
      }
      MessageDigest digest = sha256();
      String contentType = response.entity().getContentType().toString();
      return response.entity().withSizeLimit(maxBytes).getDataBytes()
          .completionTimeout(limit)
          .map(bytes -> {
            digest.update(bytes.asByteBuffer());
            return bytes;
          })
          .runWith(FileIO.toPath(target), system)
          .<MediaAnswer<DownloadedMedia>>thenApply(written ->
              new MediaAnswer.Got<>(new DownloadedMedia(written.getCount(), HexFormat.of().formatHex(digest.digest()), contentType)))
          .exceptionally(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof EntityStreamSizeException || cause.getCause() instanceof EntityStreamSizeException) return tooLarge(maxBytes);
            if (cause instanceof TimeoutException) return new MediaAnswer.Failed<>(MediaProblem.TIMEOUT, "download took longer than " + limit);
            return new MediaAnswer.Failed<>(MediaProblem.TRANSIENT, "download broke off: " + cause);
          });
    }));
  }

  // The bearer token goes only where Meta's media lives (https) or to the API's own host (the simulator).
  private Optional<String> refusedDownloadUrl(String url) {
    try {
      Uri uri = Uri.create(url);
      Uri base = Uri.create(baseUrl);
      if ("https".equals(uri.scheme())) return Optional.empty();
      if (uri.scheme().equals(base.scheme()) && uri.getHost().equals(base.getHost()) && uri.getPort() == base.getPort()) return Optional.empty();
      return Optional.of("refusing to send the access token to a download URL that is neither https nor the API's host");
    } catch (RuntimeException e) {
      return Optional.of("the download URL is not a URL");
    }
  }

  private CompletionStage<HttpResponse> mediaRequest(HttpRequest request) {
    try {
      return http.singleRequest(request, http.defaultClientHttpsContext(), mediaPool, system.classicSystem().log());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // A lost or late answer is a problem like the others, never a failed stage.
  private <T> CompletionStage<MediaAnswer<T>> within(Duration limit, CompletionStage<MediaAnswer<T>> answer) {
    return answer.toCompletableFuture()
        .orTimeout(limit.toMillis() + 1000, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
            ? new MediaAnswer.Failed<>(MediaProblem.TIMEOUT, "no answer within " + limit)
            : new MediaAnswer.Failed<>(MediaProblem.TRANSIENT, "no answer: " + failure));
  }

  private static MediaAnswer<DownloadedMedia> tooLarge(long maxBytes) {
    return new MediaAnswer.Failed<>(MediaProblem.TOO_LARGE, "larger than " + maxBytes + " bytes");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static SendResult.Rejected transportFailure(int status) {
    return new SendResult.Rejected(status, null, true, Duration.ZERO);
  }

  private static void logRejection(String phoneNumberId, SendResult.Rejected r) {
    if (r.error() != null && ErrorCodes.credentialProblem(r.error().code())) {
      log.error("Cloud API refused our credentials for {}: {}. Nothing will be sent until the access token or app permissions are fixed.",
          phoneNumberId, r.describe());
    } else if (r.retryable()) {
      log.info("Cloud API send for {} to be retried: {}", phoneNumberId, r.describe());
    } else {
      log.warn("Cloud API send for {} refused: {}", phoneNumberId, r.describe());
    }
  }
}
