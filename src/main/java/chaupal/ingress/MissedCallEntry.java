package chaupal.ingress;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.db.BlockingSql;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.PhoneNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/missed-call} from a telephony provider: a citizen without data balance gives
 * the channel's number a missed call and gets its welcome template. The body is JSON
 * {@code {"call_id","caller","called","at"}} signed with HMAC-SHA256 under {@code CHAUPAL_MISSED_CALL_SECRET}
 * over {@code <X-Chaupal-Timestamp>.<raw body>} ({@code X-Chaupal-Signature: sha256=<hex>}); see the
 * README's "Missed-call entry". A call id heard before is answered 200 and not handed on again.
 */
public final class MissedCallEntry {

  public static final String TIMESTAMP_HEADER = "X-Chaupal-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Chaupal-Signature";
  static final int MAX_BODY_BYTES = 4096;
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final Duration MAX_AHEAD = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(MissedCallEntry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern E164 = Pattern.compile("[1-9][0-9]{6,14}");
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

  /** A refusal: the status and the message the provider's operator reads. */
  private static final class Refused extends RuntimeException {
    final StatusCode status;

    Refused(StatusCode status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Directory directory;
  private final MissedCalls calls;
  private final byte[] secret;
  private final DataSource dataSource;
  private final Executor blocking;
  private final Clock clock;
  private final Materializer materializer;

  /** {@code secret} empty: the endpoint answers 503 saying what to set. */
  public MissedCallEntry(Directory directory, MissedCalls calls, String secret, DataSource dataSource, Executor blocking, Clock clock,
      Materializer materializer) {
    this.directory = directory;
    this.calls = calls;
    this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.clock = clock;
    this.materializer = materializer;
  }

  /** Reads {@code chaupal.missed-call.secret} ({@code CHAUPAL_MISSED_CALL_SECRET}). */
  public static MissedCallEntry init(akka.actor.typed.ActorSystem<?> system, Directory directory, DataSource dataSource, MissedCalls calls) {
    String secret = system.settings().config().getString("chaupal.missed-call.secret");
    return new MissedCallEntry(directory, calls, secret, dataSource, BlockingSql.executor(system), Clock.systemUTC(),
        Materializer.matFromSystem(system));
  }

  public Route route() {
    return path(PathMatchers.segment("webhooks").slash("missed-call"), () ->
        post(() -> extractRequest(request -> completeWithFuture(receive(request)))));
  }

  private CompletionStage<HttpResponse> receive(HttpRequest request) {
    if (secret.length == 0) {
      return discarding(request, answer(StatusCodes.SERVICE_UNAVAILABLE, "error",
          "the missed-call entry is not configured: set CHAUPAL_MISSED_CALL_SECRET"));
    }
    if (request.entity().getContentLengthOption().orElse(0) > MAX_BODY_BYTES) return discarding(request, tooLarge());
    return request.entity().withSizeLimit(MAX_BODY_BYTES).toStrict(5_000, materializer)
        .thenCompose(strict -> handle(request, strict.getData().toArray()))
        .exceptionally(e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof Refused r) return answer(r.status, "error", r.getMessage());
          if (cause instanceof akka.http.scaladsl.model.EntityStreamSizeException) return tooLarge();
          log.warn("missed call not handed on, answering 503 so the provider retries: {}", cause.toString());
          return answer(StatusCodes.SERVICE_UNAVAILABLE, "error", "not recorded in time; retrying is safe");
        });
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, byte[] body) {
    String timestamp = header(request, TIMESTAMP_HEADER);
    String signature = header(request, SIGNATURE_HEADER);
    if (timestamp == null || signature == null) {
      throw new Refused(StatusCodes.UNAUTHORIZED, "send the headers " + TIMESTAMP_HEADER + " (Unix seconds) and " + SIGNATURE_HEADER
          + " (sha256=<hex of HMAC-SHA256 over timestamp.body>)");
    }
    if (!SECONDS.matcher(timestamp).matches()) throw new Refused(StatusCodes.UNAUTHORIZED, TIMESTAMP_HEADER + " must be Unix seconds");
    if (!MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8))) {
      log.warn("missed call refused: {} does not match the body", SIGNATURE_HEADER);
      throw new Refused(StatusCodes.UNAUTHORIZED, SIGNATURE_HEADER + " does not match the body (check CHAUPAL_MISSED_CALL_SECRET)");
    }
    Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(MAX_AGE))) {
      throw new Refused(StatusCodes.UNAUTHORIZED, TIMESTAMP_HEADER + " is more than " + MAX_AGE.toMinutes() + " minutes old: a replay, or the clock is wrong");
    }
    if (sent.isAfter(now.plus(MAX_AHEAD))) {
      throw new Refused(StatusCodes.UNAUTHORIZED, TIMESTAMP_HEADER + " is more than " + MAX_AHEAD.toMinutes() + " minute ahead: check the sender's clock");
    }
    Call call = Call.read(body);
    Channel channel = directory.channels().stream().filter(c -> c.displayNumber().equals(call.called())).findFirst()
        .orElseThrow(() -> new Refused(StatusCodes.NOT_FOUND, "no channel has the number " + call.called() + "; called must be a display_number of channels.conf"));
    return firstTime(call, channel, now).thenCompose(first -> {
      if (!first) {
        log.info("missed call {} from {} heard before; ignored", call.id(), PhoneNumbers.mask(call.caller()));
        return CompletableFuture.completedFuture(answer(StatusCodes.OK, "status", "duplicate"));
      }
      log.info("missed call {} from {} to channel {}", call.id(), PhoneNumbers.mask(call.caller()), channel.phoneNumberId());
      return calls.heard(channel.phoneNumberId(), call.caller(), call.atMillis(), call.id())
          .thenApply(done -> answer(StatusCodes.OK, "status", "accepted"))
          // Not handed on: forget the id so that the provider's retry is heard.
          .exceptionallyCompose(e -> forget(call).thenApply(d -> { throw new CompletionException(e); }));
    });
  }

  /** What the body says, checked. */
  private record Call(String id, String caller, String called, long atMillis) {
    static Call read(byte[] body) {
      JsonNode node;
      try {
        node = JSON.readTree(body);
      } catch (java.io.IOException e) {
        throw new Refused(StatusCodes.BAD_REQUEST, "the body is not JSON; expected {\"call_id\",\"caller\",\"called\",\"at\"}");
      }
      if (node == null || !node.isObject()) throw new Refused(StatusCodes.BAD_REQUEST, "the body must be a JSON object {\"call_id\",\"caller\",\"called\",\"at\"}");
      String id = text(node, "call_id", CALL_ID, "1 to 128 letters, digits, . _ : -");
      String caller = text(node, "caller", E164, "the caller's number in E.164 without +, e.g. 919800010001");
      String called = text(node, "called", E164, "the channel's number in E.164 without +");
      JsonNode at = node.get("at");
      if (at == null || !at.canConvertToLong() || !at.isIntegralNumber() || at.longValue() < 0) {
        throw new Refused(StatusCodes.BAD_REQUEST, "at must be the time of the call in Unix seconds (a whole number)");
      }
      return new Call(id, caller, called, at.longValue() * 1000);
    }

    private static String text(JsonNode node, String field, Pattern shape, String expected) {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual() || !shape.matcher(v.textValue()).matches()) {
        throw new Refused(StatusCodes.BAD_REQUEST, field + " must be " + expected);
      }
      return v.textValue();
    }
  }

  private CompletionStage<Boolean> firstTime(Call call, Channel channel, Instant now) {
    return BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO ingress_missed_call (call_id, channel_id, heard_at) VALUES (?, ?, ?) ON CONFLICT (call_id) DO NOTHING")) {
        ps.setString(1, call.id());
        ps.setString(2, channel.phoneNumberId());
        ps.setTimestamp(3, Timestamp.from(now));
        return ps.executeUpdate() == 1;
      }
    });
  }

  private CompletionStage<Integer> forget(Call call) {
    return BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM ingress_missed_call WHERE call_id = ?")) {
        ps.setString(1, call.id());
        return ps.executeUpdate();
      }
    });
  }

  /** {@code sha256=<hex>} of HMAC-SHA256 under the secret over {@code timestamp.body}: what a provider sends. */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String header(HttpRequest request, String name) {
    Optional<akka.http.javadsl.model.HttpHeader> h = request.getHeader(name);
    return h.map(akka.http.javadsl.model.HttpHeader::value).map(String::trim).orElse(null);
  }

  private CompletionStage<HttpResponse> discarding(HttpRequest request, HttpResponse answer) {
    return request.discardEntityBytes(materializer).completionStage().handle((done, e) -> answer);
  }

  private static HttpResponse tooLarge() {
    return answer(StatusCodes.PAYLOAD_TOO_LARGE, "error", "the body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static HttpResponse answer(StatusCode status, String field, String text) {
    byte[] json = JsonNodeFactory.instance.objectNode().put(field, text).toString().getBytes(StandardCharsets.UTF_8);
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
  }
}
