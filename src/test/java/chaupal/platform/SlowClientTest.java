package chaupal.platform;

import static akka.http.javadsl.server.Directives.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that trickles its body a byte a second is cut off after CHAUPAL_HTTP_BODY_TIMEOUT. */
class SlowClientTest {

  static ActorTestKit testKit;
  static List<ServerBinding> bound;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    // As the webhook reads its body: all of it, with a deadline longer than the server's.
    Route readsBody = post(() -> extractRequest(r -> onSuccess(
        r.entity().toStrict(30_000, akka.stream.Materializer.matFromSystem(testKit.system())), strict -> complete("read"))));
    bound = HttpListeners.bind(testKit.system(), "127.0.0.1", 0, 1, Duration.ofSeconds(2), readsBody).toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = bound.get(0).localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aBodyTrickledAByteASecondIsCutOff() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(200);
      OutputStream out = s.getOutputStream();
      out.write("POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      long start = System.nanoTime();
      StringBuilder answer = new StringBuilder();
      boolean closed = false;
      for (int i = 0; i < 20 && !closed; i++) {
        try {
          out.write('x');
          out.flush();
        } catch (java.io.IOException e) {
          closed = true; // the server has closed the connection
          break;
        }
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
          try {
            int b = in.read();
            if (b < 0) {
              closed = true;
              break;
            }
            answer.append((char) b);
          } catch (SocketTimeoutException e) {
            // nothing yet
          } catch (java.net.SocketException e) {
            closed = true; // reset: the server closed while bytes were still coming
            break;
          }
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(closed, "still open after 20 bytes; answer so far: " + answer);
      assertTrue(seconds <= 5, "closed only after " + seconds + " s");
      assertTrue(answer.isEmpty() || answer.toString().startsWith("HTTP/1.1 408"), answer.toString());
    }
  }
}
