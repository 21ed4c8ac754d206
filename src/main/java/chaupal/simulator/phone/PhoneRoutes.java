package chaupal.simulator.phone;

import static akka.http.javadsl.server.Directives.*;
import static chaupal.simulator.JsonReplies.badRequest;
import static chaupal.simulator.JsonReplies.json;
import static chaupal.simulator.JsonReplies.ok;
import static chaupal.simulator.JsonReplies.write;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Simulator;
import chaupal.simulator.graph.GraphApi;
import chaupal.simulator.graph.GraphRoutes;
import chaupal.simulator.graph.MediaStore;
import chaupal.simulator.webhooks.StatusReporter;
import chaupal.whatsapp.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The phone page at {@code /phone} and its JSON API under {@code /phone/api/}: channels, the
 * conversation (long-polled after a revision cursor), send, photo upload, seen, reset.
 */
public final class PhoneRoutes {

  static final String DEFAULT_CITIZEN = "919800000001";
  private static final Duration LONG_POLL = Duration.ofSeconds(15);
  private static final byte[] PAGE = load("/simulator/phone.html");

  private final Simulator simulator;
  private final GraphApi graph;
  private final CitizenPhone phone;
  private final Conversations conversations;
  private final MediaStore media;
  private final StatusReporter statuses;
  private final Clock clock;

  public PhoneRoutes(Simulator simulator, GraphApi graph, CitizenPhone phone, Conversations conversations, MediaStore media,
              StatusReporter statuses, Clock clock) {
    this.simulator = simulator;
    this.graph = graph;
    this.phone = phone;
    this.conversations = conversations;
    this.media = media;
    this.statuses = statuses;
    this.clock = clock;
  }

  private static final String NOT_A_CITIZEN =
      "unknown channel, or the citizen is neither a number of 6 to 15 digits nor an id such as IN.7301";

  /** Routes below {@code /phone}. */
  public Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> respondWithHeader(CacheControl.create(CacheDirectives.NO_STORE), () ->
            complete(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, PAGE))))),
        pathPrefix("api", () -> concat(
            path("channels", () -> get(() -> ok(channels()))),
            path("conversation", () -> get(() -> parameter("pn", pn -> parameter("wa", wa ->
                parameterOptional("after", after -> conversation(pn, wa, after)))))),
            path("send", () -> post(() -> json(this::send))),
            path("seen", () -> post(() -> json(this::seen))),
            path("reset", () -> post(() -> json(this::reset))),
            path("media", () -> post(() -> parameter("pn", pn -> withSizeLimit(CitizenPhone.PHOTO_LIMIT + 1024, () ->
                extractRequest(request -> entity(Unmarshaller.entityToByteArray(), bytes ->
                    upload(pn, request.entity().getContentType().mediaType().toString(), bytes))))))),
            path(PathMatchers.segment("media").slash(PathMatchers.segment()), id -> get(() -> mediaFile(id))))));
  }

  private JsonNode channels() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode numbers = out.putArray("numbers");
    for (BusinessNumber n : simulator.settings().numbers()) {
      ObjectNode o = numbers.addObject().put("id", n.phoneNumberId()).put("display", n.displayNumber()).put("name", n.name());
      n.languages().forEach(o.putArray("languages")::add);
    }
    out.put("citizen", DEFAULT_CITIZEN);
    return out;
  }

  /** Answers at once when something changed after the cursor, otherwise when something does or after 15 s. */
  private Route conversation(String pn, String wa, Optional<String> afterParam) {
    Optional<BusinessNumber> number = graph.number(pn);
    if (number.isEmpty() || !validWaId(wa)) return badRequest(NOT_A_CITIZEN);
    long after;
    try {
      after = Long.parseLong(afterParam.orElse("0"));
    } catch (NumberFormatException e) {
      return badRequest("after must be a number");
    }
    Conversation c = conversations.get(pn, wa, clock.millis());
    c.watch(clock.millis());
    CompletableFuture<Void> changed = c.changeAfter(after);
    if (!changed.isDone()) {
      simulator.system().scheduler().scheduleOnce(LONG_POLL, () -> {
        c.forget(changed);
        changed.complete(null);
      }, simulator.system().executionContext());
    }
    CompletionStage<HttpResponse> answer = changed.thenApply(v -> {
      Conversation.Fetch fetch = c.fetch(after, clock.millis());
      fetch.newlyFetched().forEach(e -> statuses.advance(number.get(), c, e));
      return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, write(view(fetch)));
    });
    return completeWithFuture(answer);
  }

  private static JsonNode view(Conversation.Fetch fetch) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("revision", fetch.revision()).put("typing", fetch.typing());
    ArrayNode entries = out.putArray("entries");
    for (Conversation.EntryView e : fetch.entries()) {
      ObjectNode o = entries.addObject();
      o.put("rev", e.revision()).put("wamid", e.wamid()).put("from", e.fromCitizen() ? "citizen" : "business")
          .put("type", e.type()).put("time", e.millis())
          .put("status", e.status() == null ? "accepted" : e.status().wireName()).put("http", e.webhookHttp());
      o.set("body", e.body());
    }
    return out;
  }

  private Route send(JsonNode body) {
    Optional<BusinessNumber> number = graph.number(body.path("pn").asText());
    String wa = body.path("wa").asText();
    if (number.isEmpty() || !validWaId(wa)) return badRequest(NOT_A_CITIZEN);
    PhoneMessage message = citizenMessage(body.path("message"));
    String name = body.path("name").asText("").strip();
    if (name.length() > 60) return badRequest("the name is too long");
    CitizenPhone.Prepared prepared = phone.prepare(number.get(), wa, name, message);
    CompletionStage<HttpResponse> answer = phone.post(prepared, simulator.settings().tuning().webhookAttempts())
        .thenApply(status -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON,
            write(JsonNodeFactory.instance.objectNode().put("wamid", prepared.entry().wamid).put("http", status))));
    return completeWithFuture(answer);
  }

  /** The page's message, checked: what a phone could really send. */
  private static PhoneMessage citizenMessage(JsonNode m) {
    String type = m.path("type").asText();
    return switch (type) {
      case "text" -> {
        String text = m.path("body").asText("");
        if (text.isBlank() || text.length() > 4096) throw new IllegalArgumentException("a text must have 1 to 4096 characters");
        yield new PhoneMessage.Text(text);
      }
      case "button_reply" -> new PhoneMessage.ButtonReply(required(m, "context"), required(m, "id"), required(m, "title"));
      case "list_reply" -> new PhoneMessage.ListReply(required(m, "context"), required(m, "id"), required(m, "title"),
          m.path("description").asText(""));
      case "location" -> {
        double lat = m.path("latitude").asDouble(Double.NaN);
        double lon = m.path("longitude").asDouble(Double.NaN);
        if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw new IllegalArgumentException("latitude or longitude out of range");
        yield new PhoneMessage.Location(lat, lon, m.path("name").asText(""), m.path("address").asText(""));
      }
      case "button" -> new PhoneMessage.TemplateButton(required(m, "context"), required(m, "payload"), required(m, "text"));
      case "image" -> new PhoneMessage.StoredImage(required(m, "media_id"), m.path("caption").asText(""));
      default -> throw new IllegalArgumentException("unknown message type " + type);
    };
  }

  private static String required(JsonNode m, String field) {
    String value = m.path(field).asText("");
    if (value.isBlank() || value.length() > 512) throw new IllegalArgumentException(field + " is required");
    return value;
  }

  private Route seen(JsonNode body) {
    Optional<BusinessNumber> number = graph.number(body.path("pn").asText());
    Optional<Conversation> c = conversations.find(body.path("pn").asText(), body.path("wa").asText());
    if (number.isEmpty() || c.isEmpty()) return badRequest("unknown conversation");
    List<String> wamids = new ArrayList<>();
    body.path("wamids").forEach(w -> wamids.add(w.asText()));
    List<Conversation.Entry> seen = c.get().markSeen(wamids);
    seen.forEach(e -> statuses.advance(number.get(), c.get(), e));
    return ok(JsonNodeFactory.instance.objectNode().put("seen", seen.size()));
  }

  private Route reset(JsonNode body) {
    conversations.remove(body.path("pn").asText(), body.path("wa").asText());
    return ok(JsonNodeFactory.instance.objectNode().put("reset", true));
  }

  private Route upload(String pn, String mimeType, byte[] bytes) {
    Optional<BusinessNumber> number = graph.number(pn);
    if (number.isEmpty()) return badRequest("unknown channel");
    try {
      MediaStore.Media stored = phone.store(number.get(), new PhoneMessage.Image(bytes, mimeType, ""));
      return ok(JsonNodeFactory.instance.objectNode().put("id", stored.id()));
    } catch (IllegalArgumentException e) {
      return badRequest(e.getMessage());
    }
  }

  /** Media for the page to show: the phone is the recipient, so no token is needed here. */
  private Route mediaFile(String id) {
    return media.get(id)
        .map(m -> complete(HttpResponse.create().withEntity(GraphRoutes.contentType(m.mimeType()), m.bytes())))
        .orElseGet(() -> complete(HttpResponse.create().withStatus(404)));
  }

  /** A citizen the page can be: a phone number of 6 to 15 digits, or a business-scoped user id (a username user). */
  static boolean validWaId(String wa) {
    return wa != null && (wa.matches("[0-9]{6,15}") || UserIds.isBusinessScoped(wa));
  }

  private static byte[] load(String resource) {
    try (InputStream in = PhoneRoutes.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
