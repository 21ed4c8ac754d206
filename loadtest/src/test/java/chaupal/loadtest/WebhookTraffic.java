package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIfFailed;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Signed webhook deliveries as Meta makes them, for Gatling scenarios. Each virtual user is one
 * citizen; its messages are composed, signed and posted one at a time, so a citizen's next
 * message leaves only after the previous one was answered.
 */
final class WebhookTraffic {

  static final String PATH = "/webhooks/whatsapp";
  static final String HI = "hi";
  static final String LANGUAGE = "language";
  static final String TEXT = "text";

  private static final String CITIZEN = "citizen";
  private static final String BODY = "body";
  private static final String SIGNATURE = "signature";
  private static final String WAMID = "wamid";
  private static final String STATUS = "status";
  private static final String DELIVERY = "delivery";
  private static final String LAST_STATUS = "lastStatus";
  private static final String ANSWERED_BEFORE = "answeredBefore";
  private static final List<Integer> OK_OR_SHED = List.of(200, 429, 503);
  private static final List<Integer> OK_ONLY = List.of(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /**
   * How Meta re-delivers a shed message: at most {@code maxDeliveries} deliveries in all, the first
   * re-delivery after {@code firstBackoff}, doubling. From {@code -DburstMaxDeliveries} and {@code -DburstBackoffMs}.
   */
  record Redelivery(int maxDeliveries, Duration firstBackoff) {
    static Redelivery fromRunParameters() {
      return new Redelivery(RunParameters.count("burstMaxDeliveries", 8, 1),
          Duration.ofMillis(RunParameters.whole("burstBackoffMs", 500, 1)));
    }
  }

  /** Composes the body of a citizen's next message; called once per message, never cached. */
  interface Composer {
    byte[] compose(Citizen citizen);
  }

  private final HubSignature signature;
  private final MessageLedger ledger;
  private final long firstCitizen;
  private final AtomicLong nextCitizen;

  /**
   * Traffic for a run of {@code citizens} citizens, numbered from {@code -DcitizenOffset} and signed
   * with {@code -DappSecret}.
   */
  static WebhookTraffic forRun(long citizens, MessageLedger ledger) {
    return forRun(citizens, 0, ledger);
  }

  /** {@link #forRun(long, MessageLedger)} for a scenario whose citizens start at number {@code first}, not 0. */
  static WebhookTraffic forRun(long citizens, long first, MessageLedger ledger) {
    long citizenOffset = RunParameters.whole("citizenOffset", 0, 0);
    long offset = first + citizenOffset;
    if (offset + citizens - 1 > Citizen.MAX_NUMBER) {
      throw new IllegalArgumentException("-DcitizenOffset=" + citizenOffset + " plus " + citizens
          + " citizens from number " + first + " exceeds " + Citizen.MAX_NUMBER);
    }
    return new WebhookTraffic(RunParameters.string("appSecret", "loadtest-secret"), offset, ledger);
  }

  WebhookTraffic(String appSecret, long firstCitizen, MessageLedger ledger) {
    this.signature = new HubSignature(appSecret);
    this.ledger = ledger;
    this.firstCitizen = firstCitizen;
    this.nextCitizen = new AtomicLong(firstCitizen);
  }

  long firstCitizen() {
    return firstCitizen;
  }

  /**
   * Meta posts from its own servers over keep-alive connections, not one connection per citizen,
   * hence shared connections. Gatling opens a new one whenever all are busy, so the number of
   * connections follows the number of requests in flight. With several nodes ({@code -DwebhookUrls})
   * each citizen posts to one of them, so relative paths must not lead to what only the first has.
   */
  static HttpProtocolBuilder protocol() {
    return http.baseUrls(RunParameters.loopbackWebhookUrls())
        .disableWarmUp()
        .shareConnections()
        .contentTypeHeader("application/json")
        .acceptHeader("*/*")
        .userAgentHeader("facebookexternalua");
  }

  /** Gives the virtual user the next fresh citizen. */
  ChainBuilder newCitizen() {
    return newCitizen(Citizen::of);
  }

  /** Gives the virtual user the citizen {@code make} makes of the next fresh number. */
  ChainBuilder newCitizen(LongFunction<Citizen> make) {
    return exec(session -> {
      Citizen citizen = make.apply(nextCitizen.getAndIncrement());
      ledger.citizenStarted();
      return session.set(CITIZEN, citizen).remove(ANSWERED_BEFORE); // a burst sender takes citizen after citizen
    });
  }

  static byte[] hi(Citizen citizen) {
    return WebhookBody.text(citizen, Wamids.inbound(citizen.waId()), Instant.now().getEpochSecond(), "hi");
  }

  static byte[] languageChoice(Citizen citizen) {
    return WebhookBody.languageChoice(citizen, Wamids.inbound(citizen.waId()), Wamids.outbound(citizen.waId()),
        Instant.now().getEpochSecond());
  }

  /** The citizen's n-th free-text message (n picks one of its language's complaints). */
  static Composer complaint(int n) {
    return citizen -> WebhookBody.text(citizen, Wamids.inbound(citizen.waId()), Instant.now().getEpochSecond(),
        citizen.language().complaint(citizen.number() + n));
  }

  /** The citizen's n-th question to the menu (helpline, help, ...) in its language. */
  static Composer question(int n) {
    return citizen -> WebhookBody.text(citizen, Wamids.inbound(citizen.waId()), Instant.now().getEpochSecond(),
        citizen.language().question(citizen.number() + n));
  }

  static Citizen citizen(Session session) {
    return session.get(CITIZEN);
  }

  /** One delivery that must be answered 200; anything else fails the request and ends the citizen. */
  ChainBuilder deliverOnce(String requestName, Composer composer) {
    return deliverOnce(session -> requestName, bodyOf(composer));
  }

  private ChainBuilder deliverOnce(Function<Session, String> requestName, Function<Session, byte[]> body) {
    return compose(body)
        .exec(post(requestName, session -> OK_ONLY))
        .exec(this::record)
        .exec(exitHereIfFailed());
  }

  /**
   * Deliveries as Meta makes them under overload: a 429 or 503 is not a failure, the same body
   * (same wamid) comes again after a growing pause, up to {@code redelivery.maxDeliveries()} times in all.
   */
  ChainBuilder deliverUntilAcknowledged(String requestName, Composer composer, Redelivery redelivery) {
    return deliverUntilAcknowledged(session -> requestName, bodyOf(composer), redelivery);
  }

  /** {@link #deliverUntilAcknowledged(String, Composer, Redelivery)} with a name and body that depend on the session. */
  ChainBuilder deliverUntilAcknowledged(Function<Session, String> requestName, Function<Session, byte[]> body,
      Redelivery redelivery) {
    int maxDeliveries = redelivery.maxDeliveries();
    Duration firstBackoff = redelivery.firstBackoff();
    return compose(body)
        .exec(session -> session.set(DELIVERY, 1))
        .exec(post(requestName, session -> session.getInt(DELIVERY) < maxDeliveries ? OK_OR_SHED : OK_ONLY))
        .exec(this::record)
        .asLongAs(session -> !session.isFailed() && isShed(session)).on(
            pause(session -> backoff(firstBackoff, session.getInt(DELIVERY)))
                .exec(session -> {
                  ledger.redelivered();
                  return session.set(DELIVERY, session.getInt(DELIVERY) + 1);
                })
                .exec(post(session -> requestName.apply(session) + " redelivery",
                    session -> session.getInt(DELIVERY) < maxDeliveries ? OK_OR_SHED : OK_ONLY))
                .exec(this::record))
        .exec(exitHereIfFailed());
  }

  private static Function<Session, byte[]> bodyOf(Composer composer) {
    return session -> composer.compose(citizen(session));
  }

  private ChainBuilder compose(Function<Session, byte[]> composer) {
    return exec(session -> {
      byte[] body = composer.apply(session);
      ledger.messageCreated();
      return session.remove(LAST_STATUS).set(BODY, body).set(SIGNATURE, signature.sign(body)).set(WAMID, WebhookBody.wamidOf(body));
    });
  }

  private static HttpRequestActionBuilder post(Function<Session, String> requestName, Function<Session, List<Integer>> accepted) {
    return http(requestName)
        .post(PATH)
        .header(HubSignature.HEADER, session -> session.getString(SIGNATURE))
        .body(ByteArrayBody(session -> session.<byte[]>get(BODY)))
        .check(status().saveAs(STATUS), status().in(accepted));
  }

  private Session record(Session session) {
    if (!session.contains(STATUS)) {
      ledger.delivered(citizen(session).waId(), session.getString(WAMID), 0);
      return session; // no response at all: connection refused or timed out
    }
    int status = session.getInt(STATUS);
    ledger.delivered(citizen(session).waId(), session.getString(WAMID), status);
    if (status == 200 && !session.isFailed()) {
      ledger.acknowledged();
      if (!session.contains(ANSWERED_BEFORE)) {
        ledger.firstAcknowledged();
        session = session.set(ANSWERED_BEFORE, true);
      }
    }
    return session.remove(STATUS).set(LAST_STATUS, status);
  }

  private static boolean isShed(Session session) {
    Integer last = session.getIntegerWrapper(LAST_STATUS);
    return last != null && (last == 429 || last == 503);
  }

  private static Duration backoff(Duration first, int deliveriesSoFar) {
    Duration wait = first.multipliedBy(1L << Math.min(deliveriesSoFar - 1, 20));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }
}
