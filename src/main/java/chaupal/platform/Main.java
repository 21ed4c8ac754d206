package chaupal.platform;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import chaupal.Setting;
import chaupal.db.BlockingSql;
import chaupal.simulator.SameOrigin;
import chaupal.tenancy.Directory;
import chaupal.tenancy.DirectoryException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one Chaupal node: settings, directory, database, actor system, cluster, HTTP. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    widenCommonPool();
    Config base = ConfigFactory.load();
    Settings settings;
    Directory directory;
    try {
      settings = Settings.from(base);
      directory = Directory.load(settings.configDir());
    } catch (Setting.Invalid | DirectoryException e) {
      System.err.println("chaupal: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Database database;
    try {
      database = settings.database()
          .map(db -> Database.external(db.jdbcUrl(), db.user(), db.password(), settings.dbPoolSize()))
          .orElseGet(() -> Database.embedded(settings.dataDir(), settings.dbPoolSize()));
    } catch (DataDirectoryLock.InUse e) {
      System.err.println("chaupal: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("chaupal: cannot start: " + (settings.database().isPresent()
          ? "DATABASE_URL: cannot use the database (" + rootMessage(e) + "); check DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD"
          : "CHAUPAL_DATA_DIR: the embedded PostgreSQL did not start in " + settings.dataDir().toAbsolutePath() + " (" + rootMessage(e) + ")"));
      System.exit(2);
      return;
    }
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Behaviors.empty(), "chaupal", akkaConfig(base, database));
    } catch (RuntimeException e) {
      Config c = base.getConfig("akka.remote.artery.canonical");
      System.err.println("chaupal: cannot start: CHAUPAL_REMOTE_HOST/CHAUPAL_REMOTE_PORT: cannot listen on "
          + c.getString("hostname") + ":" + c.getInt("port") + " for the cluster (" + rootMessage(e) + ")");
      database.close();
      System.exit(2);
      return;
    }
    closeLast(system, database);
    joinCluster(system);
    Node node = Node.start(system, settings, directory, database);
    // With the simulator the webhook's development secret is published too: no other site may post to any route.
    Route routes = settings.whatsapp().simulated() ? SameOrigin.only(node::routes) : node.routes();
    CompletionStage<List<ServerBinding>> binding =
        HttpListeners.bind(system, settings.httpInterface(), settings.httpPort(), settings.httpListeners(), settings.httpDeadlines(), routes);
    binding.whenComplete((bound, e) -> {
      if (e != null) {
        System.err.println("chaupal: cannot start: CHAUPAL_HTTP_PORT: cannot listen on " + settings.httpInterface() + ":"
            + settings.httpPort() + " (" + rootMessage(e) + ")");
        system.terminate();
      } else {
        bound.forEach(b -> b.addToCoordinatedShutdown(Duration.ofSeconds(10), system));
        node.listening();
        log.info("Chaupal listening on http://{}:{}{}", settings.httpInterface(), settings.httpPort(),
            settings.whatsapp().simulated() ? " (simulator: open http://localhost:" + settings.httpPort() + "/phone"
                + (Settings.LOOPBACK.equals(settings.httpInterface()) ? "; loopback only, CHAUPAL_HTTP_INTERFACE opens it)" : ")") : "");
      }
    });
  }

  /**
   * Closes the database in coordinated shutdown's last phase before the actor system terminates:
   * after the HTTP server, sharding and the outbox (which records the outcomes of its last sends)
   * have stopped. A JVM shutdown (SIGTERM) waits for it. Also on termination without coordinated
   * shutdown; closing twice does nothing.
   */
  static void closeLast(ActorSystem<?> system, Database database) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-database",
        () -> CompletableFuture.supplyAsync(() -> {
          database.close();
          return Done.getInstance();
        }, BlockingSql.executor(system)));
    system.getWhenTerminated().thenRun(database::close);
  }

  /**
   * Akka's futures reach Java as Scala's CompletionStage adapter, which runs every callback
   * asynchronously on the common pool. On a 2-core machine that pool has one thread, and then
   * CompletableFuture starts a new thread for every callback (about a thousand a second under
   * load). A few threads in the pool avoid that; it must be set before the pool is first used.
   */
  static void widenCommonPool() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(key, String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors())));
    }
    if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
      log.warn("the common pool has {} thread; async steps will each start a thread", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * The database found at start-up, plus the seed nodes of {@code chaupal.cluster.seed-nodes}
   * (CHAUPAL_SEED_NODES): one comma-separated string, which HOCON cannot split into Akka's list,
   * so it is split here and only here.
   */
  static Config akkaConfig(Config base, Database database) {
    Map<String, Object> overrides = new HashMap<>(database.akkaOverrides());
    // The process is the node: when the actor system stops (e.g. downed by the cluster), exit too.
    overrides.put("akka.coordinated-shutdown.exit-jvm", "on");
    String seeds = base.getString("chaupal.cluster.seed-nodes");
    if (!seeds.isBlank()) {
      List<String> list = Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      overrides.put("akka.cluster.seed-nodes", list);
    }
    return ConfigFactory.parseMap(overrides).withFallback(base).resolve();
  }

  /**
   * Alone by default; with seed nodes the cluster forms from them; with
   * {@code chaupal.cluster.discovery = kubernetes-api} (CHAUPAL_DISCOVERY) the pods find each other
   * through the Kubernetes API.
   */
  static void joinCluster(ActorSystem<?> system) {
    AkkaManagement.get(system).start();
    String discovery = system.settings().config().getString("chaupal.cluster.discovery");
    if ("kubernetes-api".equals(discovery)) {
      ClusterBootstrap.get(system).start();
    } else if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
