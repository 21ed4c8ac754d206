package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Complete grievance filings as Gatling chains, one per citizen already in the session: greeting,
 * English, a free-text complaint, the questions the bot asks (a category's confirmation, a
 * description, a location, a photo), the summary's Confirm, and "status".
 *
 * <p>The flow's buttons are the server's: after each webhook is answered 200 the citizen polls the
 * simulator's record of what the bot sent it on its channel until a new message comes (at most
 * {@code replyTimeoutMs}, else the citizen fails) and answers what it asks ({@link Filing}). Each
 * webhook is recorded under its step's name, so each step has its own p99. The simulator and the
 * photo uploads are the base URL's (the first node's) whatever node a citizen's webhooks go to.
 *
 * <p>Every {@code sampleEvery}-th citizen, when {@code adminPassword} is given, also measures the
 * time from the summary's Confirm being answered 200 to its case answering 200 on {@code GET
 * /api/v1/cases/{number}}, as the Gatling group "case visible"; Gatling's assertions would take a
 * group's request time instead, so the latencies are kept here and go to the ledger.
 */
final class Filings {

  static final String CASE_VISIBLE = "case visible";
  static final String CASE_NUMBERS_FILE = "case-numbers.txt";
  /** The steps every filing takes, whichever questions the bot asks in between: the ones with a p99 bar. */
  static final List<Filing.Step> MEASURED_STEPS = List.of(Filing.Step.GREETING, Filing.Step.LANGUAGE,
      Filing.Step.COMPLAINT, Filing.Step.CONFIRM, Filing.Step.LOCATION, Filing.Step.PHOTO, Filing.Step.SUMMARY,
      Filing.Step.TRACK);

  private static final String FILING = "filing";
  private static final String MESSAGES = "botMessages";
  private static final String BOT_JSON = "botJson";
  private static final String REPLY = "reply";
  private static final String FILED = "filedWithoutSummary";
  private static final String DEADLINE = "deadline";
  private static final String READY = "ready";
  private static final String MEDIA_ID = "mediaId";
  private static final String CASE_STATUS = "caseStatus";
  private static final String CONFIRMED_AT = "confirmedAt";

  private final String simulatorUrl;
  private final WebhookTraffic traffic;
  private final Function<Citizen, Filing> start;
  private final long replyTimeoutMs = RunParameters.whole("replyTimeoutMs", 10_000, 100);
  private final long pollMs = RunParameters.whole("pollMs", 200, 10);
  /** How long one ask for the bot's answer waits at the simulator for a new send (at most its 10 s). */
  private final long waitMs = Math.min(10_000, RunParameters.whole("waitMs", 2_000, 10));
  private final long sampleEvery = RunParameters.whole("sampleEvery", 10, 1);
  private final String adminPassword = RunParameters.string("adminPassword", "");
  private final WebhookTraffic.Redelivery redelivery = WebhookTraffic.Redelivery.fromRunParameters();
  private final Photos photos = new Photos(8);
  private volatile String token = "";

  private final LongAdder confirmed = new LongAdder();
  private final LongAdder filed = new LongAdder();
  private final LongAdder steadyFiled = new LongAdder();
  private final LongAdder tracked = new LongAdder();
  private final LongAdder trackNamedCase = new LongAdder();
  private final LongAdder stuck = new LongAdder();
  private final LongAdder repeatedNumbers = new LongAdder();
  private final Latencies caseVisibleMillis = new Latencies();
  private final Set<String> caseNumbers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger diagnosticsLeft = new AtomicInteger(20);

  /** Filings of the citizens {@code traffic} gives, each begun by {@code start} (its place, for one). */
  Filings(String simulatorUrl, WebhookTraffic traffic, Function<Citizen, Filing> start) {
    this.simulatorUrl = simulatorUrl;
    this.traffic = traffic;
    this.start = start;
  }

  String describeSampling() {
    return adminPassword.isEmpty() ? "not measured (no -DadminPassword)" : "sampled every " + sampleEvery + " citizens";
  }

  /** Signs in as the administrator when the run measures case visibility; call from the simulation's {@code before()}. */
  void signIn() {
    if (!adminPassword.isEmpty()) {
      token = OfficialsApi.adminToken(simulatorUrl, adminPassword);
    }
  }

  /**
   * The session's citizen's whole filing; {@code prefix} names the warm-up's requests apart. A webhook
   * answered 429/503 is re-delivered as Meta does, in the warm-up and the measured phase alike.
   */
  ChainBuilder filing(String prefix) {
    ChainBuilder citizen = exec(session -> session.set(FILING, start.apply(WebhookTraffic.citizen(session))))
        .exec(deliver(prefix, session -> Filing.Step.GREETING, session -> text(session, "hi")))
        .exec(session -> sent(session, new Filing.Text(Filing.Step.GREETING, "hi")));

    ChainBuilder answer = exec(session -> session.set(REPLY, filing(session).next(messages(session)).orElseThrow()))
        .doIf(session -> reply(session) instanceof Filing.Photo).then(uploadPhoto(prefix))
        .exec(deliver(prefix, session -> reply(session).step(), this::body))
        // Once the loop ends, the time of the summary's Confirm answered 200.
        .exec(session -> sent(session, reply(session)).set(CONFIRMED_AT, System.nanoTime()));
    ChainBuilder answerPrompts = asLongAs(session -> filing(session).phase() == Filing.Phase.PROMPT).on(
        awaitBot(prefix)
            .exec(session -> session.set(FILED, filing(session).filedWithoutSummary(messages(session))))
            .doIf(session -> !session.getBoolean(FILED)).then(answer));

    ChainBuilder acknowledgement = awaitBot(prefix).exec(this::acknowledged);
    ChainBuilder caseVisible = exec(session -> session.set(DEADLINE, deadline()).set(READY, false))
        .asLongAs(session -> !session.getBoolean(READY)).on(
            exec(http(prefix + "case lookup")
                .get(session -> simulatorUrl + OfficialsApi.CASE_PATH + filing(session).caseNumber().orElseThrow())
                .header("Authorization", session -> "Bearer " + token)
                .check(status().validate("visible within " + replyTimeoutMs + " ms", this::visibleInTime).saveAs(CASE_STATUS)))
                .exitHereIfFailed()
                .exec(session -> {
                  boolean visible = session.getInt(CASE_STATUS) == 200;
                  // Warm-up filings are sampled too (their requests are named apart) but kept out of the figure.
                  if (visible && prefix.isEmpty()) {
                    caseVisibleMillis.add((System.nanoTime() - session.getLong(CONFIRMED_AT)) / 1_000_000);
                  }
                  return session.set(READY, visible);
                })
                .doIf(session -> !session.getBoolean(READY)).then(pause(Duration.ofMillis(pollMs))));

    ChainBuilder track = exec(deliver(prefix, session -> Filing.Step.TRACK, session -> text(session, "status")))
        .exec(session -> sent(session, new Filing.Text(Filing.Step.TRACK, "status")))
        .exec(awaitBot(prefix))
        .exec(session -> {
          tracked.increment();
          if (filing(session).trackAnswered(messages(session))) trackNamedCase.increment();
          return session;
        });

    return citizen
        .exec(answerPrompts)
        .exec(session -> {
          confirmed.increment();
          return session;
        })
        .doIfOrElse(session -> !token.isEmpty() && filing(session).citizen().number() % sampleEvery == 0)
        .then(group(prefix + CASE_VISIBLE).on(exec(acknowledgement).exec(caseVisible)))
        .orElse(acknowledgement)
        .exec(session -> {
          filed.increment();
          if (prefix.isEmpty()) steadyFiled.increment();
          return session;
        })
        .exec(track);
  }

  private ChainBuilder deliver(String prefix, Function<Session, Filing.Step> step, Function<Session, byte[]> body) {
    return traffic.deliverUntilAcknowledged(session -> prefix + step.apply(session).requestName(), body, redelivery);
  }

  /**
   * Asks the simulator until the bot sent what the citizen waits for; past the deadline the ask fails.
   * Each ask waits there (a long poll, up to {@code waitMs}) for a send beyond those the citizen has
   * seen: polling every 200 ms rendered each conversation about 900 times a second on the measured machine.
   */
  private ChainBuilder awaitBot(String prefix) {
    return exec(session -> session.set(DEADLINE, deadline()).set(READY, false))
        .asLongAs(session -> !session.getBoolean(READY)).on(
            exec(http(prefix + "bot reply")
                    .get(session -> {
                      Citizen citizen = filing(session).citizen();
                      int seen = session.contains(MESSAGES) ? messages(session).size() : 0;
                      return simulatorUrl + "/simulator/control/messages?phone_number_id=" + citizen.channel().phoneNumberId()
                          + "&wa_id=" + citizen.waId() + "&after=" + seen + "&wait_ms=" + waitMs;
                    })
                    .check(status().is(200), bodyString().validate("the bot's answer within " + replyTimeoutMs + " ms",
                        this::answeredInTime).saveAs(BOT_JSON)))
                .exitHereIfFailed()
                .exec(session -> {
                  List<BotMessage> messages = BotMessage.fromSimulator(session.getString(BOT_JSON));
                  return session.remove(BOT_JSON).set(MESSAGES, messages).set(READY, filing(session).ready(messages));
                }));
  }

  private String answeredInTime(String body, Session session) {
    if (System.nanoTime() > session.getLong(DEADLINE)) {
      List<BotMessage> messages = BotMessage.fromSimulator(body);
      Filing filing = filing(session);
      if (!filing.ready(messages)) {
        stuck.increment();
        String why = filing.describe(messages);
        if (diagnosticsLeft.getAndDecrement() > 0) System.out.println("Stuck: " + why);
        throw new IllegalStateException("no answer in time, " + filing.phase());
      }
    }
    return body;
  }

  private Integer visibleInTime(Integer status, Session session) {
    if (status != 200 && status != 404) throw new IllegalStateException("status " + status);
    if (status == 404 && System.nanoTime() > session.getLong(DEADLINE)) {
      throw new IllegalStateException("case " + filing(session).caseNumber().orElse("?") + " not in the API in time");
    }
    return status;
  }

  /** Upload the citizen's photo to the simulated Cloud API, as WhatsApp does before the webhook. */
  private ChainBuilder uploadPhoto(String prefix) {
    return exec(http(prefix + "photo upload")
        .post(session -> simulatorUrl + "/phone/api/media?pn=" + filing(session).citizen().channel().phoneNumberId())
        .header("Content-Type", Photos.MIME_TYPE)
        .body(ByteArrayBody(session -> photos.forCitizen(filing(session).citizen()).bytes()))
        .check(status().is(200), jsonPath("$.id").saveAs(MEDIA_ID)))
        .exitHereIfFailed();
  }

  private Session acknowledged(Session session) {
    Filing filing = filing(session);
    List<BotMessage> messages = messages(session);
    String number = filing.acknowledgement(messages).orElseThrow();
    filing.acknowledged(number, messages);
    if (!caseNumbers.add(number)) repeatedNumbers.increment();
    return session;
  }

  private byte[] body(Session session) {
    Filing.Reply reply = reply(session);
    Citizen citizen = filing(session).citizen();
    String wamid = Wamids.inbound(citizen.waId());
    long now = Instant.now().getEpochSecond();
    if (reply instanceof Filing.Tap tap) {
      return tap.option().row()
          ? WebhookBody.listReply(citizen, wamid, tap.repliedTo(), now, tap.option().id(), tap.option().title())
          : WebhookBody.buttonReply(citizen, wamid, tap.repliedTo(), now, tap.option().id(), tap.option().title());
    }
    if (reply instanceof Filing.Text t) return WebhookBody.text(citizen, wamid, now, t.text());
    if (reply instanceof Filing.Pin pin) {
      Filing.Place place = pin.place();
      return WebhookBody.location(citizen, wamid, now, place.latitude(), place.longitude(), place.name(), place.address());
    }
    Photos.Photo photo = photos.forCitizen(citizen);
    return WebhookBody.image(citizen, wamid, now, session.getString(MEDIA_ID), Photos.MIME_TYPE, photo.sha256Base64(), null);
  }

  private static byte[] text(Session session, String text) {
    Citizen citizen = WebhookTraffic.citizen(session);
    return WebhookBody.text(citizen, Wamids.inbound(citizen.waId()), Instant.now().getEpochSecond(), text);
  }

  private static Session sent(Session session, Filing.Reply reply) {
    filing(session).sent(reply, session.contains(MESSAGES) ? messages(session) : List.of());
    return session;
  }

  private long deadline() {
    return System.nanoTime() + replyTimeoutMs * 1_000_000;
  }

  private static Filing filing(Session session) {
    return session.get(FILING);
  }

  private static List<BotMessage> messages(Session session) {
    return session.get(MESSAGES);
  }

  private static Filing.Reply reply(Session session) {
    return session.get(REPLY);
  }

  /** The filings' figures for the ledger. */
  Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("filings_confirmed", confirmed.sum());
    figures.put("filings", filed.sum());
    figures.put("steady_filings", steadyFiled.sum());
    figures.put("case_numbers_repeated", repeatedNumbers.sum());
    figures.put("tracked", tracked.sum());
    figures.put("tracked_naming_case", trackNamedCase.sum());
    figures.put("citizens_stuck", stuck.sum());
    figures.put("case_visible_sampled", caseVisibleMillis.count());
    figures.put("case_visible_p50_ms", caseVisibleMillis.percentile(50.0));
    figures.put("case_visible_p99_ms", caseVisibleMillis.percentile(99.0));
    figures.put("case_visible_max_ms", caseVisibleMillis.percentile(100.0));
    return figures;
  }

  /** The acknowledged case numbers, one a line, next to the ledger ({@value #CASE_NUMBERS_FILE}). */
  void writeCaseNumbers() {
    Path numbers = MessageLedger.file().toAbsolutePath().resolveSibling(CASE_NUMBERS_FILE);
    try {
      Files.write(numbers, caseNumbers.stream().sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + numbers, e);
    }
  }
}
