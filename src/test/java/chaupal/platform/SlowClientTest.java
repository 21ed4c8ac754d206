package chaupal.platform;

import static akka.http.javadsl.server.Directives.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.server.Route;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Clients that trickle a request a byte a second are cut off: its headers after
 * CHAUPAL_HTTP_HEADER_TIMEOUT, its body after CHAUPAL_HTTP_BODY_TIMEOUT (2 s each here). A slow
 * answer or a long streamed response is not a slow client and is never cut. Each test is a few
 * seconds of its own socket waiting on the server's deadlines, so they wait at the same time.
 */
class SlowClientTest {

  private static final Duration LIMIT = Duration.ofSeconds(2);
  static ActorTestKit testKit;
  static List<ServerBinding> bound;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    // As the webhook reads its body: all of it, with a deadline longer than the server's.
    Route readsBody = post(() -> extractRequest(r -> onSuccess(
        r.entity().toStrict(30_000, akka.stream.Materializer.matFromSystem(testKit.system())), strict -> complete("read"))));
    Route answersSlowly = path("slow", () -> get(() -> onSuccess(
        CompletableFuture.supplyAsync(() -> "late", CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS)), text -> complete(text))));
    Route streamsLong = path("stream", () -> get(() -> complete(akka.http.javadsl.model.HttpResponse.create().withEntity(
        HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8, Source.tick(Duration.ZERO, Duration.ofMillis(500), ByteString.fromString("."))
            .take(8).mapMaterializedValue(c -> akka.NotUsed.getInstance()))))));
    Route quick = path("quick", () -> get(() -> complete("quick")));
    bound = HttpListeners.bind(testKit.system(), "127.0.0.1", 0, 1, new HttpListeners.Deadlines(LIMIT, LIMIT),
        concat(answersSlowly, streamsLong, quick, readsBody)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = bound.get(0).localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aBodyTrickledAByteASecondIsCutOff() throws Exception {
    try (Socket s = socket()) {
      send(s, "POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
      String answer = trickle(s, "x".repeat(20));
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void headersTrickledAByteASecondAreCutOff() throws Exception {
    try (Socket s = socket()) {
      String answer = trickle(s, "GET /quick HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefghijklmnop\r\n\r\n");
      assertTrue(answer.isEmpty(), "no answer to headers that never arrived: " + answer);
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aKeptAliveConnectionServesItsNextRequestAndClosesOnceIdleForTheLimit() throws Exception {
    try (Socket s = socket()) {
      send(s, "GET /quick HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(readUntil(s, "quick", Duration.ofSeconds(1)).contains("quick"));
      Thread.sleep(1_000); // idle, within the limit
      send(s, "GET /quick HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String second = readUntil(s, "quick", Duration.ofSeconds(1));
      assertTrue(second.contains("quick"), "the second request on the connection is answered: " + second);
      long start = System.nanoTime();
      assertTrue(closedWithin(s, Duration.ofSeconds(5)), "an idle connection is closed after the limit");
      assertTrue(System.nanoTime() - start >= LIMIT.toNanos() - TimeUnit.MILLISECONDS.toNanos(1_100), "not before the limit");
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void anAnswerSlowerThanTheLimitIsNotCut() throws Exception {
    try (Socket s = socket()) {
      send(s, "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(readUntil(s, "late", Duration.ofSeconds(5)).contains("late"), "the 3 s answer arrives");
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aStreamedResponseLongerThanTheLimitIsNotCut() throws Exception {
    try (Socket s = socket()) {
      send(s, "GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String answer = readUntil(s, "\r\n0\r\n\r\n", Duration.ofSeconds(6));
      assertEquals(8, answer.split("\r\n\\.\r\n", -1).length - 1, "all 8 chunks over 3.5 s: " + answer);
      assertTrue(answer.endsWith("0\r\n\r\n"), "the stream ended: " + answer);
    }
  }

  private static Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(100);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Sends the text a byte a second, reading meanwhile; asserts the server closed within 5 s, and returns what it answered. */
  private static String trickle(Socket s, String text) throws Exception {
    long start = System.nanoTime();
    StringBuilder answer = new StringBuilder();
    boolean closed = false;
    for (int i = 0; i < text.length() && !closed; i++) {
      try {
        send(s, text.substring(i, i + 1));
      } catch (IOException e) {
        closed = true; // the server has closed the connection
        break;
      }
      closed = readInto(s, answer, Duration.ofSeconds(1));
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(closed, "still open after " + text.length() + " bytes; answer so far: " + answer);
    assertTrue(seconds <= 5, "closed only after " + seconds + " s");
    return answer.toString();
  }

  /** What the server sent until the text appeared, or the time ran out, or it closed. */
  private static String readUntil(Socket s, String text, Duration time) throws IOException {
    StringBuilder answer = new StringBuilder();
    readInto(s, answer, time, text);
    return answer.toString();
  }

  private static boolean closedWithin(Socket s, Duration time) throws IOException {
    return readInto(s, new StringBuilder(), time, null);
  }

  private static boolean readInto(Socket s, StringBuilder answer, Duration time) throws IOException {
    return readInto(s, answer, time, null);
  }

  /** Reads for the given time or until {@code stopAt} was read; true when the server closed the connection meanwhile. */
  private static boolean readInto(Socket s, StringBuilder answer, Duration time, String stopAt) throws IOException {
    InputStream in = s.getInputStream();
    long until = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < until && (stopAt == null || answer.indexOf(stopAt) < 0)) {
      try {
        int b = in.read();
        if (b < 0) return true;
        answer.append((char) b);
      } catch (SocketTimeoutException e) {
        // nothing yet
      } catch (java.net.SocketException e) {
        return true; // reset: the server closed while bytes were still coming
      }
    }
    return false;
  }
}
