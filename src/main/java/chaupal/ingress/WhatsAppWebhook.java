package chaupal.ingress;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import akka.util.ByteString;
import chaupal.citizen.Citizen;
import chaupal.citizen.CitizenMessage;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.Change;
import chaupal.whatsapp.MarketingPreference;
import chaupal.whatsapp.InboundMessage;
import chaupal.whatsapp.MalformedWebhookException;
import chaupal.whatsapp.RejectedElement;
import chaupal.whatsapp.StatusUpdate;
import chaupal.whatsapp.TemplateChange;
import chaupal.whatsapp.WebhookParser;
import chaupal.whatsapp.WebhookPayload;
import chaupal.whatsapp.WebhookSignature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /webhooks/whatsapp}: Meta's verification handshake and its notifications. A POST is
 * answered 200 only when every message in it is in its citizen's journal, every status is
 * recorded and what no channel can take is stored in {@link UnroutableWebhooks}; otherwise 503,
 * and Meta's retry is safe because entities drop wamids they have seen.
 */
public final class WhatsAppWebhook {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhook.class);
  /** HttpHeader.is takes the lower-case name. */
  private static final String SIGNATURE_HEADER = WebhookSignature.HEADER.toLowerCase(java.util.Locale.ROOT);

  /** Records delivery statuses of our own messages; completes when they are stored. */
  public interface StatusRecorder {
    CompletionStage<?> record(List<StatusUpdate> statuses);
  }

  /** Keeps the business accounts' templates current; completes when the changes are stored. */
  public interface TemplateNews {
    CompletionStage<?> apply(List<TemplateChange> changes, java.time.Instant receivedAt);

    /** Acknowledges template webhooks and keeps nothing, for a node without a template book. */
    TemplateNews IGNORED = (changes, at) -> CompletableFuture.completedFuture(null);
  }

  private final Directory directory;
  private final TemplateNews templates;
  private final CitizenInbox inbox;
  private final StatusRecorder statuses;
  private final MarketingPreferences marketing;
  private final UnroutableWebhooks unroutable;
  private final byte[] appSecret;
  private final byte[] verifyToken;
  private final int maxBodyBytes;
  private final int maxInFlight;
  private final LoadShedder shedder;
  private final Duration readTimeout;
  private final Materializer materializer;
  private final AtomicInteger inFlight = new AtomicInteger();

  private final Counter persisted;
  private final Counter duplicates;
  private final Counter unroutableCount;
  private final Counter statusCount;
  private final MeterRegistry metrics;
  private final Timer latency;
  // Each answer's and refusal's counter is built once: looking one up by name and tags on every webhook costs the hot path.
  private final Map<Integer, Counter> responses = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Rejection, Counter> rejections = new java.util.concurrent.ConcurrentHashMap<>();
  private final Timer persistLatency;

  public WhatsAppWebhook(Directory directory, CitizenInbox inbox, StatusRecorder statuses, UnroutableWebhooks unroutable,
      String appSecret, String verifyToken, int maxBodyBytes, int maxInFlight, LoadShedder shedder, Materializer materializer,
      MeterRegistry metrics) {
    this(directory, inbox, statuses, UNHEARD, TemplateNews.IGNORED, unroutable, appSecret, verifyToken, maxBodyBytes, maxInFlight,
        shedder, materializer, metrics);
  }

  /** Until platform wires the citizens' marketing preferences, a stop is answered 503: Meta keeps it and retries. */
  static final MarketingPreferences UNHEARD = (channel, waId, stop, at, key) ->
      CompletableFuture.failedFuture(new IllegalStateException("marketing preferences are not wired on this node"));

  /** As above, with the citizens' marketing preferences heard. */
  public WhatsAppWebhook(Directory directory, CitizenInbox inbox, StatusRecorder statuses, MarketingPreferences marketing,
      UnroutableWebhooks unroutable, String appSecret, String verifyToken, int maxBodyBytes, int maxInFlight, LoadShedder shedder,
      Materializer materializer, MeterRegistry metrics) {
    this(directory, inbox, statuses, marketing, TemplateNews.IGNORED, unroutable, appSecret, verifyToken, maxBodyBytes, maxInFlight,
        shedder, materializer, metrics);
  }

  /** As above, template webhooks going to {@code templates}, by the business account that {@code entry[].id} names. */
  public WhatsAppWebhook(Directory directory, CitizenInbox inbox, StatusRecorder statuses, TemplateNews templates,
      UnroutableWebhooks unroutable, String appSecret, String verifyToken, int maxBodyBytes, int maxInFlight, LoadShedder shedder,
      Materializer materializer, MeterRegistry metrics) {
    this(directory, inbox, statuses, UNHEARD, templates, unroutable, appSecret, verifyToken, maxBodyBytes, maxInFlight,
        shedder, materializer, metrics);
  }

  public WhatsAppWebhook(Directory directory, CitizenInbox inbox, StatusRecorder statuses, MarketingPreferences marketing,
      TemplateNews templates, UnroutableWebhooks unroutable, String appSecret, String verifyToken, int maxBodyBytes,
      int maxInFlight, LoadShedder shedder, Materializer materializer, MeterRegistry metrics) {
    this.marketing = marketing;
    this.templates = templates;
    this.directory = directory;
    this.inbox = inbox;
    this.statuses = statuses;
    this.unroutable = unroutable;
    this.appSecret = WebhookSignature.secret(appSecret);
    this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = maxBodyBytes;
    this.maxInFlight = maxInFlight;
    this.shedder = shedder;
    this.readTimeout = Duration.ofSeconds(10);
    this.materializer = materializer;
    this.metrics = metrics;
    this.persisted = metrics.counter("chaupal.webhook.messages.persisted");
    this.duplicates = metrics.counter("chaupal.webhook.messages.duplicate");
    this.unroutableCount = Counter.builder("chaupal.webhook.unroutable")
        .description("webhook requests of which something was kept aside as unroutable").register(metrics);
    this.statusCount = metrics.counter("chaupal.webhook.statuses");
    // Buckets, not only this node's quantiles, so that p99 over the cluster, and under 250 or 500 ms, can be asked.
    this.latency = Timer.builder("chaupal.webhook.latency").description("from a webhook's arrival to its answer")
        .publishPercentiles(0.5, 0.99)
        .serviceLevelObjectives(Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
        .register(metrics);
    answered(200, 0);
    for (Rejection reason : Rejection.values()) rejection(reason);
    this.persistLatency = Timer.builder("chaupal.webhook.persist.latency")
        .description("from asking a citizen's entity to its persisted answer").publishPercentiles(0.5, 0.99).register(metrics);
  }

  public Route route() {
    return path(akka.http.javadsl.server.PathMatchers.segment("webhooks").slash("whatsapp"), () -> concat(
        get(this::handshake),
        post(() -> extractRequest(request -> completeWithFuture(receive(request))))));
  }

  private Route handshake() {
    return parameterOptional("hub.mode", mode -> parameterOptional("hub.verify_token", token ->
        parameterOptional("hub.challenge", challenge -> {
          boolean ok = mode.filter("subscribe"::equals).isPresent()
              && token.map(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), verifyToken)).orElse(false)
              && challenge.isPresent();
          if (!ok) {
            log.warn("webhook verification refused (hub.mode={}, verify token {})", mode.orElse("missing"),
                token.isPresent() ? "wrong" : "missing");
            return complete(StatusCodes.FORBIDDEN, "verification failed: hub.mode must be subscribe and hub.verify_token must match WHATSAPP_VERIFY_TOKEN");
          }
          return complete(HttpResponse.create().withStatus(StatusCodes.OK)
              .withEntity(akka.http.javadsl.model.HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, challenge.get())));
        })));
  }

  private CompletionStage<HttpResponse> receive(akka.http.javadsl.model.HttpRequest request) {
    if (shedder.shed(inFlight.get())) {
      rejected(Rejection.SATURATED);
      answered(StatusCodes.SERVICE_UNAVAILABLE.intValue(), 1);
      return afterDiscarding(request, overloaded("overloaded: this node is saturated, retry shortly"));
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      rejected(Rejection.OVERLOADED);
      answered(StatusCodes.SERVICE_UNAVAILABLE.intValue(), 1);
      return afterDiscarding(request, overloaded("overloaded: too many webhooks in progress, retry shortly"));
    }
    long start = System.nanoTime();
    java.util.OptionalLong declared = request.entity().getContentLengthOption();
    CompletionStage<HttpResponse> result;
    if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
      rejected(Rejection.TOO_LARGE);
      result = afterDiscarding(request, tooLarge());
    } else {
      result = request.entity().withSizeLimit(maxBodyBytes).toStrict(readTimeout.toMillis(), materializer)
          .thenCompose(strict -> handle(request, strict.getData()))
          .exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof akka.http.scaladsl.model.EntityStreamSizeException) {
              rejected(Rejection.TOO_LARGE);
              return tooLarge();
            }
            log.warn("webhook not persisted, answering 503 so Meta retries: {}", cause.toString());
            rejected(Rejection.UNAVAILABLE);
            return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE).addHeader(RetryAfter.create(1L))
                .withEntity("not persisted in time; retry is safe");
          });
    }
    return result.whenComplete((r, e) -> {
      inFlight.decrementAndGet();
      latency.record(Duration.ofNanos(System.nanoTime() - start));
      answered(e == null ? r.status().intValue() : 500, 1);
    });
  }

  /** Webhook answers by HTTP status: a 5xx is one Meta retries, a 4xx one it gives up. */
  private void answered(int status, int count) {
    responses.computeIfAbsent(status, s -> Counter.builder("chaupal.webhook.responses")
        .description("webhook requests answered, by HTTP status").tag("status", Integer.toString(s)).register(metrics)).increment(count);
  }

  /**
   * Answers once the body has been read and dropped, unparsed. Answered while the sender was still
   * uploading, the connection was closed under it and the sender sometimes saw no answer at all
   * instead of the 413 or 503 (a test failed that way now and then).
   */
  private CompletionStage<HttpResponse> afterDiscarding(akka.http.javadsl.model.HttpRequest request, HttpResponse answer) {
    return request.discardEntityBytes(materializer).completionStage().handle((done, e) -> answer);
  }

  private static HttpResponse overloaded(String why) {
    return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE).addHeader(RetryAfter.create(1L)).withEntity(why);
  }

  private HttpResponse tooLarge() {
    return HttpResponse.create().withStatus(StatusCodes.PAYLOAD_TOO_LARGE)
        .withEntity("body larger than " + maxBodyBytes + " bytes; Meta's webhooks are at most 3 MB");
  }

  private CompletionStage<HttpResponse> handle(akka.http.javadsl.model.HttpRequest request, ByteString data) {
    byte[] body = data.toArray();
    List<String> signatures = signatures(request);
    if (signatures.size() > 1) {
      rejected(Rejection.BAD_SIGNATURE);
      log.warn("webhook refused: more than one X-Hub-Signature-256 header");
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .withEntity("more than one X-Hub-Signature-256 header; send exactly one"));
    }
    String signature = signatures.isEmpty() ? null : signatures.get(0);
    if (!WebhookSignature.verify(signature, body, appSecret)) {
      rejected(Rejection.BAD_SIGNATURE);
      log.warn("webhook refused: {} X-Hub-Signature-256", signature == null ? "missing" : "wrong");
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .withEntity(signature == null ? "missing X-Hub-Signature-256 header" : "X-Hub-Signature-256 does not match the body (check WHATSAPP_APP_SECRET)"));
    }
    WebhookPayload payload;
    try {
      payload = WebhookParser.parse(body);
    } catch (MalformedWebhookException e) {
      rejected(Rejection.MALFORMED);
      return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
          .withEntity("malformed webhook: " + e.getMessage()));
    }
    long now = System.currentTimeMillis();
    List<CompletableFuture<?>> work = new ArrayList<>();
    List<StatusUpdate> statusUpdates = new ArrayList<>();
    List<TemplateChange> templateChanges = new ArrayList<>();
    List<RejectedElement> aside = new ArrayList<>(payload.rejected());
    String unknownNumber = null;
    int messages = 0;
    for (Change change : payload.changes()) {
      // Template webhooks name no phone number: the business account routes them.
      for (TemplateChange t : change.templates()) {
        if (directory.channels().stream().anyMatch(ch -> t.wabaId().equals(ch.wabaId()))) {
          templateChanges.add(t);
        } else {
          aside.add(new RejectedElement("a template change for WhatsApp Business Account " + t.wabaId(),
              "no channel has this waba_id", null));
        }
      }
      if (!change.messages().isEmpty() || !change.statuses().isEmpty() || !change.preferences().isEmpty()) {
        if (directory.channel(change.phoneNumberId()).isEmpty()) {
          if (unknownNumber == null) unknownNumber = change.phoneNumberId();
          aside.add(new RejectedElement("a change for phone_number_id " + change.phoneNumberId(), "no channel has this phone_number_id", null));
          continue;
        }
      }
      statusUpdates.addAll(change.statuses());
      messages += change.messages().size();
      work.addAll(deliverInOrder(change, now));
      for (MarketingPreference p : change.preferences()) {
        String key = MarketingPreferences.key(change.phoneNumberId(), p.waId(), p.stop(), p.atMillis());
        work.add(marketing.heard(change.phoneNumberId(), p.waId(), p.stop(), p.atMillis(), key).toCompletableFuture());
      }
    }
    if (!templateChanges.isEmpty()) work.add(templates.apply(templateChanges, java.time.Instant.ofEpochMilli(now)).toCompletableFuture());
    if (!statusUpdates.isEmpty()) {
      statusCount.increment(statusUpdates.size());
      work.add(statuses.record(statusUpdates).toCompletableFuture());
    }
    if (!aside.isEmpty()) {
      // One row and one line per request, whatever the body holds: a body of a thousand bad
      // elements once wrote its bytes a thousand times.
      unroutableCount.increment();
      log.warn("webhook partly unroutable: {} messages and {} statuses taken, {}", messages, statusUpdates.size(),
          UnroutableWebhooks.summary(aside));
      work.add(unroutable.record(unknownNumber, aside, body).toCompletableFuture());
    }
    return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
        .thenApply(done -> HttpResponse.create().withStatus(StatusCodes.OK).withEntity("EVENT_RECEIVED"));
  }

  /** Messages of one citizen in one body go to the entity one after another, so their order holds. */
  private List<CompletableFuture<?>> deliverInOrder(Change change, long now) {
    Map<String, List<InboundMessage>> byCitizen = new LinkedHashMap<>();
    List<CompletableFuture<?>> work = new ArrayList<>();
    // The parser has set aside every message without a sender, so each has a checked key.
    for (InboundMessage m : change.messages()) {
      byCitizen.computeIfAbsent(m.citizenKey(change.contacts()), k -> new ArrayList<>()).add(m);
    }
    byCitizen.forEach((key, messages) -> {
      CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
      for (InboundMessage m : messages) {
        CitizenMessage incoming = CitizenMessages.toCitizenMessage(m, change.phoneNumberId()).withProfileName(profileName(change, key));
        chain = chain.thenCompose(prev -> {
          long asked = System.nanoTime();
          return inbox.deliver(key, incoming, now).whenComplete((receipt, failure) -> {
            long waited = System.nanoTime() - asked;
            shedder.persisted(key, waited); // a timed-out ask waited too
            if (receipt != null) {
              persistLatency.record(waited, java.util.concurrent.TimeUnit.NANOSECONDS);
              count(receipt);
            }
          });
        });
      }
      work.add(chain);
    });
    return work;
  }

  /** Every X-Hub-Signature-256 header's value, in one pass over the headers (a request with two is refused). */
  private static List<String> signatures(akka.http.javadsl.model.HttpRequest request) {
    List<String> found = List.of();
    for (akka.http.javadsl.model.HttpHeader h : request.getHeaders()) {
      if (h.is(SIGNATURE_HEADER)) found = found.isEmpty() ? List.of(h.value()) : List.of(found.get(0), h.value());
    }
    return found;
  }

  private void count(Citizen.Receipt receipt) {
    (receipt == Citizen.Receipt.DUPLICATE ? duplicates : persisted).increment();
  }

  /** Why a webhook was not taken; each is counted from 0, so that a rate over it has a start. */
  private enum Rejection { SATURATED, OVERLOADED, TOO_LARGE, UNAVAILABLE, BAD_SIGNATURE, MALFORMED }

  private void rejected(Rejection reason) {
    rejection(reason).increment();
  }

  private Counter rejection(Rejection reason) {
    return rejections.computeIfAbsent(reason,
        r -> metrics.counter("chaupal.webhook.rejected", "reason", r.name().toLowerCase(java.util.Locale.ROOT)));
  }

  /** The profile name Meta sends with the sender's contact, or null. */
  private static String profileName(Change change, String key) {
    return change.contacts().stream()
        .filter(c -> key.equals(c.waId()) || key.equals(c.userId()))
        .map(chaupal.whatsapp.Contact::profileName)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
