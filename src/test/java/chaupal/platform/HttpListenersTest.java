package chaupal.platform;

import static akka.http.javadsl.server.Directives.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.ServerBinding;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpListenersTest {

  static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static List<ServerBinding> bind(int port, String answer) throws Exception {
    return HttpListeners.bind(testKit.system(), "127.0.0.1", port, 4, new HttpListeners.Deadlines(java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(20)), complete(answer)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static ExecutionException refused(int port) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> bind(port, "refused"));
    assertTrue(e.getCause() instanceof java.net.BindException, e.getCause().toString());
    return e;
  }

  static void unbind(List<ServerBinding> bound) throws Exception {
    for (ServerBinding b : bound) b.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void severalListenersShareThePortAndEachServes() throws Exception {
    assumeTrue(HttpListeners.canSharePort(), "this platform has no SO_REUSEPORT");
    int port = freePort();
    List<ServerBinding> bound = bind(port, "ok");
    try {
      assertEquals(4, bound.size());
      bound.forEach(b -> assertEquals(port, b.localAddress().getPort()));
      // A new connection per request: the kernel spreads them over the listeners, all must answer.
      for (int i = 0; i < 40; i++) {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("ok", r.body());
      }
    } finally {
      unbind(bound);
    }
    try (Socket s = new Socket()) {
      assertThrows(java.net.ConnectException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000),
          "every listener is closed after unbinding");
    }
  }

  @Test
  void aPortTakenByAnotherProgramFailsTheBind() throws Exception {
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress("127.0.0.1", 0)); // without SO_REUSEPORT: nobody may share it
      refused(other.getLocalPort());
    }
  }

  @Test
  void aSecondChaupalOnTheSamePortFailsInsteadOfSharingIt() throws Exception {
    assumeTrue(HttpListeners.canSharePort(), "this platform has no SO_REUSEPORT");
    int port = freePort();
    List<ServerBinding> first = bind(port, "first");
    try {
      ExecutionException e = refused(port);
      assertTrue(e.getCause().getMessage().startsWith("port " + port + " is already in use"), e.getCause().getMessage());
    } finally {
      unbind(first);
    }
  }

  @Test
  void portZeroBindsOneListener() throws Exception {
    List<ServerBinding> bound = bind(0, "ok");
    assertEquals(1, bound.size(), "ports chosen by the system cannot be shared");
    unbind(bound);
  }
}
