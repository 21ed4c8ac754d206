package chaupal.platform;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.awaitility.Awaitility;

/** A one-node cluster for tests of sharded parts (entities, daemon processes): its settings, and joining it. */
public final class TestCluster {

  /** Cluster provider on a free loopback port, no seed nodes, several systems in one JVM allowed. */
  public static final Config SINGLE_NODE = ConfigFactory.parseString("""
      akka.actor.provider = cluster
      akka.remote.artery.canonical.hostname = "127.0.0.1"
      akka.remote.artery.canonical.port = 0
      akka.cluster.seed-nodes = []
      akka.cluster.jmx.multi-mbeans-in-same-jvm = on
      akka.coordinated-shutdown.exit-jvm = off
      akka.actor.testkit.typed.system-shutdown-default = 30s
      """);

  private TestCluster() {}

  /** {@code config} with the cluster settings over it; the node has joined itself and is up. */
  public static ActorTestKit start(String name, Config config) {
    ActorTestKit testKit = ActorTestKit.create(name, SINGLE_NODE.withFallback(config).resolve());
    joinSelf(testKit.system());
    return testKit;
  }

  /** Makes the system a cluster of its own and waits until it is up. */
  public static void joinSelf(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
        .until(() -> cluster.selfMember().status() == MemberStatus.up());
  }
}
