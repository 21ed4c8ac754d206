package chaupal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.whatsapp.WebhookSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaupal as an operator runs it: its own JVM on the embedded default, stopped with SIGTERM. The
 * database must outlive everything that still writes to it during the shutdown.
 */
class ProcessShutdownTest {

  private static final String SECRET = "process-test-secret";

  @TempDir
  Path dir;
  private Process process;

  @AfterEach
  void stopWhatIsLeft() throws IOException {
    if (process != null && process.isAlive()) process.destroyForcibly();
    Path pid = dir.resolve("data").resolve("postgres").resolve("postmaster.pid");
    if (Files.exists(pid)) { // a failed run must not leave PostgreSQL behind
      ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void sigtermStopsTheDatabaseOnlyAfterTheNodeHasStoppedUsingIt() throws Exception {
    Path log = dir.resolve("chaupal.log");
    int httpPort = freePort();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName());
    Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("CHAUPAL_") || k.startsWith("WHATSAPP_") || k.startsWith("DATABASE_"));
    env.put("CHAUPAL_HTTP_PORT", Integer.toString(httpPort));
    env.put("CHAUPAL_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("CHAUPAL_REMOTE_PORT", Integer.toString(freePort()));
    env.put("CHAUPAL_DATA_DIR", dir.resolve("data").toString());
    env.put("WHATSAPP_APP_SECRET", SECRET);
    env.put("CHAUPAL_CONFIG_DIR", Path.of("project-config").toAbsolutePath().toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();

    awaitReady(httpPort, Duration.ofSeconds(120));
    // Citizens write in just before the stop: the node is persisting, projecting and sending
    // replies, and recording their outcomes, while it shuts down.
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 40; i++) {
      String from = "9198000" + (10000 + i); // fictional numbers
      byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
          + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"918750975975\",\"phone_number_id\":\"100000000000001\"},"
          + "\"contacts\":[{\"profile\":{\"name\":\"Test\"},\"wa_id\":\"" + from + "\"}],"
          + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"wamid.shutdown" + i + "\",\"timestamp\":\"1750000000\",\"type\":\"text\","
          + "\"text\":{\"body\":\"hi\"}}]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/whatsapp"))
          .header("Content-Type", "application/json")
          .header(WebhookSignature.HEADER, WebhookSignature.sign(body, WebhookSignature.secret(SECRET)))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
      assertEquals(200, r.statusCode());
    }

    process.destroy(); // SIGTERM, as systemd and Kubernetes stop a node
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s of SIGTERM");

    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(output.contains("Chaupal listening on"), output);
    // What the node logs when the database goes away under it: the outbox failing to read or to
    // record outcomes, a projection's stream restarting, a connection of Chaupal's pool broken.
    List<String> failures = output.lines()
        .filter(line -> line.contains("could not read") || line.contains("could not store")
            || line.contains("Restarting stream due to failure") && line.contains("terminating connection")
            || line.contains("chaupal - Connection"))
        .toList();
    assertEquals(List.of(), failures, "nothing of the node used the database after it was stopped");
    assertFalse(Files.exists(dir.resolve("data").resolve("postgres").resolve("postmaster.pid")),
        "PostgreSQL stopped cleanly with the node");
  }

  private static void awaitReady(int port, Duration limit) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Chaupal was not ready within " + limit);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
