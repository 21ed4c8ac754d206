package chaupal.platform;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.awaitility.Awaitility;

/** A test kit whose system is a one-node cluster on loopback, up before it is returned (for sharding and daemons). */
public final class TestCluster {

  private static final String CLUSTER = """
      akka.actor.provider = cluster
      akka.remote.artery.canonical.hostname = "127.0.0.1"
      akka.remote.artery.canonical.port = 0
      akka.cluster.seed-nodes = []
      akka.cluster.jmx.multi-mbeans-in-same-jvm = on
      akka.coordinated-shutdown.exit-jvm = off
      akka.actor.testkit.typed.system-shutdown-default = 30s
      """;

  private TestCluster() {}

  /** {@code config} with the cluster settings over it; the node has joined itself and is up. */
  public static ActorTestKit start(String name, Config config) {
    ActorTestKit testKit = ActorTestKit.create(name, ConfigFactory.parseString(CLUSTER).withFallback(config).resolve());
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
        .until(() -> cluster.selfMember().status() == MemberStatus.up());
    return testKit;
  }
}
