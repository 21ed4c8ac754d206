package chaupal.simulator.graph;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.Multipart;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.stream.Materializer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP face of the simulated Cloud API under {@code /simulator/}: {@code /{version}/{phone}/messages},
 * {@code /{version}/{phone}/media}, {@code /{version}/{id}}, and the media download URLs.
 */
public final class GraphRoutes {

  private static final Pattern VERSION = Pattern.compile("v[0-9]{1,2}\\.[0-9]");
  private static final long MAX_SEND_BYTES = 1L << 20;
  private static final long MAX_UPLOAD_BYTES = 101L << 20;

  private final GraphApi graph;
  private final MediaStore media;
  private final Materializer materializer;
  private final Clock clock;

  public GraphRoutes(GraphApi graph, MediaStore media, Materializer materializer, Clock clock) {
    this.graph = graph;
    this.media = media;
    this.materializer = materializer;
    this.clock = clock;
  }

  /** Routes below {@code /simulator/}. */
  public Route routes() {
    return concat(
        pathPrefix("whatsapp_business", () -> pathPrefix("attachments", () -> pathEndOrSingleSlash(() -> get(this::download)))),
        pathPrefix(PathMatchers.segment(VERSION), version -> optionalHeaderValueByName("Authorization", auth -> concat(
            path(PathMatchers.segment().slash("messages"), phone -> post(() -> withSizeLimit(MAX_SEND_BYTES, () ->
                entity(Unmarshaller.entityToByteArray(), body -> held(() -> answer(graph.messages(version, phone, auth, body))))))),
            path(PathMatchers.segment().slash("message_templates"), waba -> get(() -> parameterOptional("limit", limit ->
                parameterOptional("after", after -> answer(graph.templateList(waba, auth,
                    limit.filter(l -> l.matches("[0-9]{1,4}")).map(Integer::parseInt).orElse(25), after)))))),
            path(PathMatchers.segment().slash("media"), phone -> post(() -> withSizeLimit(MAX_UPLOAD_BYTES, () ->
                upload(phone, auth)))),
            path(PathMatchers.segment(), id -> concat(
                get(() -> parameterOptional("phone_number_id", owner -> answer(graph.get(id, auth, owner)))),
                delete(() -> answer(graph.delete(id, auth)))))))));
  }

  private Route upload(String phone, Optional<String> auth) {
    return entity(Unmarshaller.entityToMultipartFormData(), form -> onSuccess(form.toStrict(30_000, materializer), strict -> {
      Map<String, String> fields = new HashMap<>();
      byte[] file = null;
      String mime = null;
      String filename = null;
      for (Multipart.FormData.BodyPart.Strict part : strict.getStrictParts()) {
        if (part.getName().equals("file")) {
          file = part.getEntity().getData().toArray();
          mime = part.getEntity().getContentType().mediaType().toString();
          filename = part.getFilename().orElse(null);
        } else {
          fields.put(part.getName(), part.getEntity().getData().utf8String());
        }
      }
      return answer(graph.upload(phone, auth, fields, mime, filename, file));
    }));
  }

  /** The bytes behind a download URL: only with the bearer token (401), only while the URL lives (404), unless a test made it fail (500). */
  private Route download() {
    return optionalHeaderValueByName("Authorization", auth -> parameterOptional("mid", mid -> parameterOptional("ext",
        ext -> parameterOptional("hash", hash -> {
          Optional<GraphError> denied = graph.authorize(auth);
          if (denied.isPresent()) return answer(GraphApi.Answer.error(denied.get()));
          Optional<MediaStore.Media> found = media.download(mid.orElse(""), ext.orElse(""), hash.orElse(""), clock.millis() / 1000);
          if (found.isEmpty()) return complete(HttpResponse.create().withStatus(404));
          if (graph.mediaDownloadFails(found.get().id())) return complete(HttpResponse.create().withStatus(500));
          return complete(HttpResponse.create().withEntity(contentType(found.get().mimeType()), found.get().bytes()));
        }))));
  }

  /**
   * A send during an outage that holds sends waits until it ends and gets a 504 without being taken,
   * as from a gateway that gave up: a client that timed out and sends again sends it once.
   */
  private Route held(java.util.function.Supplier<Route> send) {
    long hold = graph.holdMillis();
    if (hold == 0) return send.get();
    return completeWithFuture(java.util.concurrent.CompletableFuture.supplyAsync(
        () -> HttpResponse.create().withStatus(504),
        java.util.concurrent.CompletableFuture.delayedExecutor(hold, java.util.concurrent.TimeUnit.MILLISECONDS)));
  }

  public static ContentType contentType(String mime) {
    try {
      return ContentTypes.parse(mime);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  static Route answer(GraphApi.Answer answer) {
    return complete(HttpResponse.create().withStatus(answer.status()).withEntity(ContentTypes.APPLICATION_JSON, answer.body()));
  }
}
