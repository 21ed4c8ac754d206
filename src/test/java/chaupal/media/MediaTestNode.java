package chaupal.media;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import chaupal.platform.Database;
import chaupal.platform.TestCluster;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.CloudApiClient;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** A single-node cluster with the media part started against a fake Graph API, and helpers to send media and read the table. */
final class MediaTestNode implements AutoCloseable {

  static final String CHANNEL = "100000000000061";
  static final int TAGS = 2;

  final ActorTestKit testKit;
  final Database db;
  final Path dataDir;
  final FakeGraph graph;
  final Media media;
  private final Map<String, ActorRef<MediaTestCitizen.Send>> citizens = new HashMap<>();

  MediaTestNode(Database db, Path dataDir, String name) throws Exception {
    this(db, dataDir, name, "");
  }

  /** {@code extraConfig} overrides the test settings, e.g. {@code chaupal.media.max-age = 2s}. */
  MediaTestNode(Database db, Path dataDir, String name, String extraConfig) throws Exception {
    this.db = db;
    this.dataDir = dataDir;
    this.testKit = ActorTestKit.create(name, TestDatabase.akkaConfig(db, ConfigFactory.parseString(extraConfig)
        .withFallback(ConfigFactory.parseString("""
            chaupal.citizen.tag-slices = %d
            chaupal.media {
              poll-interval = 200ms
              backoff-base = 100ms
              backoff-cap = 400ms
              download-timeout = 3s
              claim-for = 5s
            }
            """.formatted(TAGS)))
        .withFallback(TestCluster.SINGLE_NODE)));
    TestCluster.joinSelf(testKit.system());
    this.graph = new FakeGraph(testKit.system());
    CloudApiClient client = new CloudApiClient(testKit.system(), graph.apiUrl(), FakeGraph.TOKEN, Duration.ofSeconds(2));
    this.media = Media.init(testKit.system(), db.dataSource(), dataDir, client, MediaTestCitizen.SOURCE);
  }

  /** Persists a citizen's media message and waits until it is in the journal. */
  void send(String waId, String type, String mediaId, String mime) {
    sendWithoutWaiting(waId, type, mediaId, mime).expectMessage(Duration.ofSeconds(30), Done.getInstance());
  }

  /** As {@link #send}; the probe hears when the event is in the journal. */
  TestProbe<Done> sendWithoutWaiting(String waId, String type, String mediaId, String mime) {
    TestProbe<Done> probe = testKit.createTestProbe();
    citizens.computeIfAbsent(waId, id -> testKit.spawn(MediaTestCitizen.create(id, TAGS), "citizen-" + id))
        .tell(new MediaTestCitizen.Send(CHANNEL, type, mediaId, mime, probe.getRef()));
    return probe;
  }

  /** The row of a media id: state, attempts, sha256, mime_type, last_error, citizen_id; empty if none. */
  Map<String, Object> row(String mediaId) {
    return query("SELECT state, attempts, sha256, mime_type, last_error, citizen_id, size_bytes FROM media_file WHERE media_id = ?", rs -> {
      Map<String, Object> m = new HashMap<>();
      if (rs.next()) {
        for (String column : List.of("state", "attempts", "sha256", "mime_type", "last_error", "citizen_id", "size_bytes")) {
          m.put(column, rs.getObject(column));
        }
      }
      return m;
    }, mediaId);
  }

  String state(String mediaId) {
    return (String) row(mediaId).get("state");
  }

  void awaitState(String mediaId, String state) {
    await(Duration.ofSeconds(20), () -> state.equals(state(mediaId)));
  }

  /** Every file under the media directory (temporary ones included). */
  List<Path> files() {
    Path root = dataDir.resolve("media");
    if (!Files.exists(root)) return List.of();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T> T query(String sql, TestDatabase.Read<T> read, Object... params) {
    return TestDatabase.query(db, sql, read, params);
  }

  static void await(Duration max, Callable<Boolean> condition) {
    Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(25)).until(condition);
  }

  @Override
  public void close() throws Exception {
    graph.close();
    testKit.shutdownTestKit();
  }
}
