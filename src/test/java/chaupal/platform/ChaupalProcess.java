package chaupal.platform;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import static org.awaitility.Awaitility.await;

/**
 * Chaupal as an operator runs it: its own JVM on the embedded default, with its data under
 * {@code dataDir}, its output in a log file, and the in-process simulator of Meta. Tests send it
 * signed webhooks, stop it as systemd does, or kill it as the OOM killer does.
 */
final class ChaupalProcess {

  static final String SECRET = "process-test-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Process process;
  final int httpPort;
  final Path log;

  private ChaupalProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * Starts a node in {@code dir} (its temp files and log there) on {@code dataDir}; with
   * {@code ownProcessGroup} it leads a process group of its own (as under a shell or systemd),
   * so that the group can be killed without the test's JVM.
   */
  static ChaupalProcess start(Path dir, Path dataDir, String name, boolean ownProcessGroup) throws IOException {
    return start(dir, dataDir, name, ownProcessGroup, freePort(), freePort(), Map.of());
  }

  /**
   * As above, on the given HTTP and remoting ports, with {@code extra} settings in its environment
   * (e.g. DATABASE_URL and CHAUPAL_SEED_NODES for a node of a cluster).
   */
  static ChaupalProcess start(Path dir, Path dataDir, String name, boolean ownProcessGroup, int httpPort, int remotePort,
      Map<String, String> extra) throws IOException {
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    if (ownProcessGroup) command.add("setsid"); // execs Java in place: the pid stays the JVM's
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // The tests' nodes are judged on what they do, not on their peak speed: C1 alone and one GC
        // thread start a node in about half the time on 2 cores shared with the test JVM and others.
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("CHAUPAL_") || k.startsWith("WHATSAPP_") || k.startsWith("DATABASE_"));
    env.put("CHAUPAL_HTTP_PORT", Integer.toString(httpPort));
    env.put("CHAUPAL_MANAGEMENT_PORT", Integer.toString(freePort()));
    env.put("CHAUPAL_REMOTE_PORT", Integer.toString(remotePort));
    env.put("CHAUPAL_DATA_DIR", dataDir.toString());
    env.put("WHATSAPP_APP_SECRET", SECRET);
    env.put("CHAUPAL_CONFIG_DIR", Path.of("project-config").toAbsolutePath().toString());
    env.putAll(extra);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new ChaupalProcess(pb.start(), httpPort, log);
  }

  void awaitReady(Duration limit) throws Exception {
    try {
      // An IOException means not listening yet; an exited process fails at once.
      await().atMost(limit).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
        if (!process.isAlive()) throw new AssertionError("Chaupal exited with " + process.exitValue() + ":\n" + output());
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Chaupal was not ready within " + limit + ":\n" + output());
    }
  }

  /** A citizen's text message as Meta posts it; returns the webhook's status (200 once persisted). */
  int sendText(String from, String wamid) throws Exception {
    return sendText(from, wamid, "hi", Duration.ofMinutes(2));
  }

  /** As above with this text, giving up (HttpTimeoutException) after {@code timeout}. */
  int sendText(String from, String wamid, String text, Duration timeout) throws Exception {
    byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Test\"},\"wa_id\":\"" + from + "\"}],"
        + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1750000000\",\"type\":\"text\","
        + "\"text\":{\"body\":\"" + text + "\"}}]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/whatsapp")).timeout(timeout)
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(body, WebhookSignature.secret(SECRET)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** A failed run must not leave its JVM or PostgreSQL behind. */
  void stopWhatIsLeft(Path dataDir) throws IOException {
    if (process.isAlive()) process.destroyForcibly();
    stopPostgres(dataDir);
  }

  static void stopPostgres(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
          .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
