package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.simulator.graph.FailurePlan;
import chaupal.simulator.graph.GraphApi;
import chaupal.simulator.graph.GraphError;
import chaupal.simulator.graph.GraphRoutes;
import chaupal.simulator.graph.MediaStore;
import chaupal.simulator.phone.CitizenPhone;
import chaupal.simulator.phone.Conversations;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.PhoneRoutes;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.simulator.webhooks.StatusReporter;
import chaupal.simulator.webhooks.WebhookBodies;
import chaupal.simulator.webhooks.WebhookPoster;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.PhoneNumbers;
import chaupal.whatsapp.WebhookSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in for Meta's WhatsApp Cloud API and for citizens' phones, in the same JVM and HTTP server as
 * Chaupal. It answers sends like the Cloud API (checks, limits, errors, wamids), posts signed status
 * webhooks, lets citizens write from the phone page at {@code /phone} or from tests, and remembers what
 * each citizen received. Never used when a real {@code WHATSAPP_API_URL} is configured.
 *
 * <p>Routes: {@code /simulator/{version}/…} (the Graph API: point {@code WHATSAPP_API_URL} at
 * {@code http://host:port/simulator/v23.0}), {@code /simulator/control/…} (failure injection, counters),
 * {@code /phone} and {@code /phone/api/…} (the phone page); only for this machine's own pages and
 * programs ({@link SameOrigin}).
 */
public final class Simulator {

  private final ActorSystem<?> system;
  private final SimulatorSettings settings;
  private final Clock clock;
  private final Counters counters = new Counters();
  private final Conversations conversations;
  private final MediaStore media;
  private final FailurePlan failures = new FailurePlan();
  private final GraphApi graph;
  private final CitizenPhone phone;
  private final StatusReporter statuses;
  private final WebhookPoster poster;

  public Simulator(ActorSystem<?> system, SimulatorSettings settings) {
    this(system, settings, Clock.systemUTC());
  }

  /** With a clock of the test's choosing, for the 24-hour window and the rate limits. */
  public Simulator(ActorSystem<?> system, SimulatorSettings settings, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.clock = clock;
    this.conversations = new Conversations(settings.tuning());
    this.media = new MediaStore(settings.tuning().mediaBytes());
    this.poster = new WebhookPoster(system, settings, counters);
    this.statuses = new StatusReporter(system, settings, poster, clock);
    Wamids wamids = new Wamids();
    this.graph = new GraphApi(settings, clock, conversations, media, failures, counters, statuses, wamids);
    this.phone = new CitizenPhone(settings, clock, conversations, media, counters, poster, wamids, graph.mediaBaseUrl());
  }

  public ActorSystem<?> system() {
    return system;
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Everything the simulator serves: {@code /simulator/…}, {@code /phone} and {@code /phone/api/…}. */
  public Route routes() {
    Materializer materializer = Materializer.matFromSystem(system);
    Route control = new ControlRoutes(this).routes();
    Route graphApi = new GraphRoutes(graph, media, materializer, clock).routes();
    Route phonePage = new PhoneRoutes(this, graph, phone, conversations, media, statuses, clock).routes();
    return concat(
        pathPrefix("simulator", () -> SameOrigin.only(() -> concat(pathPrefix("control", () -> control), graphApi))),
        pathPrefix("phone", () -> SameOrigin.only(() -> phonePage)));
  }

  /** What this business number sent this citizen and the phone got, in arrival order (capped history). */
  public List<ReceivedSend> received(String phoneNumberId, String waId) {
    return conversations.find(phoneNumberId, waId).map(c -> c.received(false)).orElse(List.of());
  }

  /** Every send accepted for this citizen, including those that will fail (undeliverable, 24-hour window). */
  public List<ReceivedSend> accepted(String phoneNumberId, String waId) {
    return conversations.find(phoneNumberId, waId).map(c -> c.received(true)).orElse(List.of());
  }

  /**
   * Completes with the citizen's messages once {@code count} have arrived since the simulator started
   * (or was reset); fails with a TimeoutException after {@code timeout}.
   */
  public CompletionStage<List<ReceivedSend>> awaitReceived(String phoneNumberId, String waId, int count, Duration timeout) {
    CompletableFuture<List<ReceivedSend>> arrived =
        conversations.get(phoneNumberId, waId, clock.millis()).awaitReceived(count);
    if (!arrived.isDone()) {
      system.scheduler().scheduleOnce(timeout, () -> arrived.completeExceptionally(new TimeoutException(
          "fewer than " + count + " messages for " + PhoneNumbers.mask(waId) + " after " + timeout)), system.executionContext());
    }
    return arrived;
  }

  /**
   * Every send accepted for this citizen ({@link #accepted}) once there are more than {@code seen}, or
   * as they are after {@code wait}: a long poll for load tests that wait for the bot's answer.
   */
  public CompletionStage<List<ReceivedSend>> acceptedAfter(String phoneNumberId, String waId, int seen, Duration wait) {
    CompletableFuture<List<ReceivedSend>> more = conversations.get(phoneNumberId, waId, clock.millis()).acceptedMoreThan(seen);
    if (!more.isDone()) {
      system.scheduler().scheduleOnce(wait, () -> more.complete(accepted(phoneNumberId, waId)), system.executionContext());
    }
    return more;
  }

  /** The status of a message either way: what was reported for a business message, or how far a citizen's got. */
  public Optional<DeliveryStatus> statusOf(String phoneNumberId, String waId, String wamid) {
    return conversations.find(phoneNumberId, waId).flatMap(c -> c.statusOf(wamid));
  }

  /**
   * A citizen sends a message: the webhook Meta would post, signed, posted once. Completes with the
   * webhook's HTTP status (0 when nothing answered). The profile name defaults to "Citizen 0001".
   */
  public CompletionStage<Integer> sendAsCitizen(String phoneNumberId, String waId, PhoneMessage message) {
    return sendAsCitizen(phoneNumberId, waId, null, message);
  }

  public CompletionStage<Integer> sendAsCitizen(String phoneNumberId, String waId, String profileName, PhoneMessage message) {
    return phone.post(phone.prepare(number(phoneNumberId), waId, profileName, message), 1);
  }

  public CompletionStage<Integer> sendText(String phoneNumberId, String waId, String text) {
    return sendAsCitizen(phoneNumberId, waId, PhoneMessage.text(text));
  }

  /**
   * The citizen taps the reply button or list row {@code choiceId} of the newest business message that
   * offers it. Throws IllegalArgumentException when no message offers it.
   */
  public CompletionStage<Integer> tap(String phoneNumberId, String waId, String choiceId) {
    return sendAsCitizen(phoneNumberId, waId, tapMessage(phoneNumberId, waId, choiceId));
  }

  PhoneMessage tapMessage(String phoneNumberId, String waId, String choiceId) {
    ReceivedSend offer = conversations.find(phoneNumberId, waId).flatMap(c -> c.latestWithChoice(choiceId))
        .orElseThrow(() -> new IllegalArgumentException("no message offers the choice " + choiceId));
    ReceivedSend.Choice choice = offer.choice(choiceId).orElseThrow();
    return offer.interactiveType().equals("list")
        ? new PhoneMessage.ListReply(offer.wamid(), choice.id(), choice.title(), choice.description())
        : new PhoneMessage.ButtonReply(offer.wamid(), choice.id(), choice.title());
  }

  /** A signed webhook for a citizen message, recorded as sent by the phone but not posted: for replay tests. */
  public SignedWebhook citizenWebhook(String phoneNumberId, String waId, PhoneMessage message) {
    CitizenPhone.Prepared prepared = phone.prepare(number(phoneNumberId), waId, null, message);
    byte[] body = prepared.body();
    return new SignedWebhook(prepared.entry().wamid, body, WebhookSignature.sign(body, WebhookSignature.secret(settings.appSecret())));
  }

  /** Posts a signed webhook once, as Meta would (again, for a replay); completes with the HTTP status. */
  public CompletionStage<Integer> post(SignedWebhook webhook) {
    return poster.post(webhook.body(), 1, status -> {});
  }

  /**
   * The citizen stops ({@code stop}) or resumes the number's marketing messages in WhatsApp's settings:
   * Meta's signed {@code user_preferences} webhook is posted; completes with its HTTP status.
   */
  public CompletionStage<Integer> setMarketingMessages(String phoneNumberId, String waId, boolean stop) {
    BusinessNumber number = number(phoneNumberId);
    byte[] body = chaupal.whatsapp.MetaJson.write(
        WebhookBodies.userPreference(number.waba(settings), number, waId, stop, clock.millis() / 1000));
    return poster.post(body, settings.tuning().webhookAttempts(), attempt -> {});
  }

  /**
   * Changes a template of a business account as Meta would (a null field stays) and posts the matching
   * signed webhook for each change made: status, quality, category. Completes with the last webhook's
   * HTTP status (0 when nothing answered; 200 with nothing posted when nothing changed).
   * Throws IllegalArgumentException when the account has no such template.
   */
  public CompletionStage<Integer> changeTemplate(String wabaId, String name, String language, String status, String category,
      String quality) {
    BusinessNumber.Template before = graph.changeTemplate(wabaId, name, language, status, category, quality)
        .orElseThrow(() -> new IllegalArgumentException("business account " + wabaId + " has no template " + name + " in " + language));
    long now = clock.millis() / 1000;
    List<com.fasterxml.jackson.databind.node.ObjectNode> webhooks = new java.util.ArrayList<>();
    if (status != null && !status.equals(before.status())) {
      webhooks.add(WebhookBodies.template(wabaId, now, "message_template_status_update", name, language, v -> {
        v.put("event", status).put("reason", "NONE").put("message_template_category", category != null ? category : before.category());
        if (status.equals("PAUSED")) v.putObject("other_info").put("title", "FIRST_PAUSE").put("description", "paused for low quality");
      }));
    }
    if (quality != null && !quality.equals(before.quality())) {
      webhooks.add(WebhookBodies.template(wabaId, now, "message_template_quality_update", name, language,
          v -> v.put("previous_quality_score", before.quality()).put("new_quality_score", quality)));
    }
    if (category != null && !category.equals(before.category())) {
      webhooks.add(WebhookBodies.template(wabaId, now, "template_category_update", name, language,
          v -> v.put("previous_category", before.category()).put("new_category", category)));
    }
    CompletionStage<Integer> posted = CompletableFuture.completedFuture(200);
    for (com.fasterxml.jackson.databind.node.ObjectNode webhook : webhooks) {
      byte[] body = chaupal.whatsapp.MetaJson.write(webhook);
      posted = posted.thenCompose(previous -> poster.post(body, settings.tuning().webhookAttempts(), attempt -> {}));
    }
    return posted;
  }

  /** The next {@code count} sends to {@code waId} ({@code "*"}: anyone) fail with this Cloud API error; {@code httpStatus} 0 uses Meta's. */
  public void failNext(String waId, int count, int code, int httpStatus) {
    failures.failNext(waId, count, GraphError.of(code, httpStatus, ""));
  }

  /**
   * For {@code length} from now every send is refused with this Cloud API error ({@code httpStatus} 0
   * uses Meta's), as in an outage or a throughput limit at Meta (130429).
   */
  public void refuseSendsFor(Duration length, int code, int httpStatus) {
    failures.refuseUntil(clock.millis() + length.toMillis(), GraphError.of(code, httpStatus, ""));
  }

  /** For {@code length} from now every send is held unanswered, then answered 504 without being taken: the client times out. */
  public void holdSendsFor(Duration length) {
    failures.holdUntil(clock.millis() + length.toMillis());
  }

  /** The next {@code count} downloads of this media ({@code "*"}: of any) answer 500; a new URL from {@code GET /{id}} does not help. */
  public void failMediaDownloads(String mediaId, int count) {
    failures.failMediaDownloads(mediaId, count);
  }

  /** Sends to this citizen are accepted, then reported {@code failed} with 131026, as for a number without WhatsApp. */
  public void markUndeliverable(String waId, boolean undeliverable) {
    failures.undeliverable(waId, undeliverable);
  }

  public SimulatorCounters counters() {
    return counters.snapshot();
  }

  /** Forgets conversations, media, injected failures and counts. */
  public void reset() {
    conversations.clear();
    media.clear();
    failures.clear();
    counters.reset();
  }

  BusinessNumber number(String phoneNumberId) {
    return graph.number(phoneNumberId).orElseThrow(() -> new IllegalArgumentException("unknown phone number id " + phoneNumberId));
  }

}
