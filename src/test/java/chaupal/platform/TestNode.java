package chaupal.platform;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import chaupal.simulator.Simulator;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudApiSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole Chaupal node for end-to-end tests: its own actor system on a test database, the real
 * routes on a free loopback port, and the simulator as Meta and the citizen's phone.
 */
public final class TestNode implements AutoCloseable {

  public static final String APP_SECRET = CloudApiSettings.DEV_APP_SECRET;
  public static final String VERIFY_TOKEN = CloudApiSettings.DEV_VERIFY_TOKEN;

  public final ActorSystem<Void> system;
  public final Node node;
  public final int port;
  private final ServerBinding binding;

  private TestNode(ActorSystem<Void> system, Node node, int port, ServerBinding binding) {
    this.system = system;
    this.node = node;
    this.port = port;
    this.binding = binding;
  }

  /** A node that forms its own cluster. */
  public static TestNode start(Database db) {
    return start(db, Map.of(), null);
  }

  public static TestNode start(Database db, Map<String, Object> overrides) {
    return start(db, overrides, null);
  }

  /** A node that joins {@code seed} (another TestNode), or forms its own cluster when null. */
  public static TestNode start(Database db, Map<String, Object> overrides, TestNode seed) {
    int port = freePort();
    Map<String, Object> test = new HashMap<>();
    test.put("chaupal.http.interface", "127.0.0.1");
    test.put("chaupal.http.port", port);
    test.put("chaupal.simulator.status-delay", "100ms");
    test.put("akka.remote.artery.canonical.port", 0);
    test.put("akka.remote.artery.canonical.hostname", "127.0.0.1");
    test.put("akka.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    test.put("akka.coordinated-shutdown.exit-jvm", "off");
    test.put("akka.coordinated-shutdown.run-by-actor-system-terminate", "on");
    test.put("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes", "off");
    test.put("akka.loglevel", "WARNING");
    test.putAll(overrides);
    Config config = TestDatabase.akkaConfig(db, ConfigFactory.parseMap(test));
    Settings settings = Settings.from(config);
    Directory directory = Directory.load(settings.configDir());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "chaupal", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address() : Cluster.get(seed.system).selfMember().address()));
    Node node = Node.start(system, settings, directory, db);
    try {
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", port).bind(node.routes())
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      node.listening();
      return new TestNode(system, node, port, binding);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("test node did not bind", e);
    }
  }

  public Simulator simulator() {
    return node.simulator().orElseThrow();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the system is going away anyway
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not stop", e);
    }
  }

  public static Duration patience() {
    return Duration.ofSeconds(20);
  }
}
