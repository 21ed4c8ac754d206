package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One console on its own database and port, with a test clock and a fake desk, and an HTTP client to call it. */
final class ConsoleHarness implements AutoCloseable {

  static final Directory DIRECTORY = Directory.load(Path.of("project-config"));
  static final String ADMIN_PASSWORD = "admin password for tests";

  final ActorTestKit testKit;
  final Database db;
  final TestClock clock = new TestClock();
  final FakeCaseDesk desk = new FakeCaseDesk();
  final Path dataDir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Console console;
  ServerBinding binding;
  /** What {@code /templates} answers from; set before {@link #start} to change it. */
  chaupal.outbound.TemplateRegistry templates = chaupal.outbound.TemplateRegistry.NONE;
  java.util.function.Supplier<java.util.concurrent.CompletionStage<Integer>> templateSync =
      () -> java.util.concurrent.CompletableFuture.completedFuture(0);

  ConsoleHarness(String name, String adminPassword) throws Exception {
    this(name, adminPassword, false);
  }

  /** {@code clustered}: a one-node cluster, for parts that run as a daemon process (the campaign runner). */
  ConsoleHarness(String name, String adminPassword, boolean clustered) throws Exception {
    db = TestDatabase.create(name);
    testKit = clustered ? chaupal.platform.TestCluster.start(name, TestDatabase.akkaConfig(db, com.typesafe.config.ConfigFactory.empty()))
        // Port 0: several console test classes (and other builds on the machine) run at once.
        : ActorTestKit.create(com.typesafe.config.ConfigFactory.parseString("akka.remote.artery.canonical.port = 0")
            .withFallback(com.typesafe.config.ConfigFactory.load()));
    dataDir = Files.createTempDirectory("chaupal-console-test");
    start(adminPassword);
  }

  /** The API's tests upload nothing; the case page's tests bring their own store. */
  static final chaupal.media.Uploads NO_UPLOADS = (bytes, type, by) ->
      java.util.concurrent.CompletableFuture.failedFuture(new IllegalArgumentException("this test keeps no uploads"));

  static ConsoleSettings settings(String adminPassword) {
    return new ConsoleSettings(Duration.ofHours(8), "", adminPassword, "punjab", 5, Duration.ofMinutes(15), Duration.ofMillis(20), 65_536);
  }

  /** (Re)starts the console as a restarted node would: same database, same data directory. */
  void start(String adminPassword) throws Exception {
    if (binding != null) binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    console = Console.init(testKit.system(), db.dataSource(), DIRECTORY, desk, clock, dataDir, settings(adminPassword),
        new Console.Services(NO_UPLOADS, templates, templateSync));
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(console.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b);
  }

  HttpResponse<String> post(String path, String token, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b);
  }

  HttpResponse<String> login(String username, String password) {
    return post("/api/v1/login", null, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  String token(String username, String password) {
    HttpResponse<String> r = login(username, password);
    assertEquals(200, r.statusCode(), r.body());
    return json(r).get("token").asText();
  }

  /** Makes an account as the admin would, and returns a token of it. */
  String official(String adminToken, String username, String role, String scopeJson) {
    String password = "password of " + username;
    HttpResponse<String> r = post("/api/v1/officials", adminToken, "{\"username\":\"" + username + "\",\"password\":\"" + password
        + "\",\"role\":\"" + role + "\",\"scope\":" + scopeJson + "}");
    assertEquals(201, r.statusCode(), r.body());
    return token(username, password);
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return ApiJson.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  long count(String sql) {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
    db.close();
  }
}
