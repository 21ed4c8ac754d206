package chaupal.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With CHAUPAL_REMOTE_TRANSPORT=tls-tcp only a node holding a trusted key joins the cluster. */
class ClusterTlsTest {

  private static final String PASSWORD = "test-store-password";

  @TempDir
  Path dir;
  private final List<ActorSystem<?>> systems = new ArrayList<>();

  /**
   * All nodes stop together, the stranger first: stopped one after the other, a node could wait for
   * a handshake with one already gone and not stop within the test kit's 10 s (a .ci/run of 0d40ef3).
   * Each must still stop within 30 s.
   */
  @AfterEach
  void stop() throws Exception {
    List<ActorSystem<?>> last = new ArrayList<>(systems);
    java.util.Collections.reverse(last);
    last.forEach(ActorSystem::terminate);
    for (ActorSystem<?> system : last) system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void byDefaultRemotingIsPlainTcp() {
    assertEquals("tcp", node(Map.of()).getString("akka.remote.artery.transport"));
  }

  @Test
  void theVariablesTurnOnMutuallyAuthenticatedTls() throws Exception {
    Path store = keyStore("one");
    Config c = node(tls(store, store));
    assertEquals("tls-tcp", c.getString("akka.remote.artery.transport"));
    Config ssl = c.getConfig("akka.remote.artery.ssl.config-ssl-engine");
    assertEquals(store.toString(), ssl.getString("key-store"));
    assertEquals(store.toString(), ssl.getString("trust-store"));
    assertEquals(PASSWORD, ssl.getString("key-password"), "the key's password defaults to the store's");
    assertTrue(ssl.getBoolean("require-mutual-authentication"));
  }

  @Test
  void nodesWithTheTrustedKeyFormAClusterAndAStrangerCannotJoin() throws Exception {
    Path shared = keyStore("shared");
    Path stranger = keyStore("stranger");
    ActorSystem<?> first = start(tls(shared, shared));
    ActorSystem<?> second = start(tls(shared, shared));
    ActorSystem<?> outsider = start(tls(stranger, stranger));
    Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    Cluster.get(second).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    Cluster.get(outsider).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    awaitUp(second, Duration.ofSeconds(20));
    Thread.sleep(3000); // the stranger's handshake has long been tried and refused by now
    assertEquals(2, StreamSupport.stream(Cluster.get(first).state().getMembers().spliterator(), false).count(),
        () -> "members: " + Cluster.get(first).state().getMembers());
    assertNotEquals(MemberStatus.up(), Cluster.get(outsider).selfMember().status());
  }

  private static Map<String, Object> tls(Path keyStore, Path trustStore) {
    return Map.of("CHAUPAL_REMOTE_TRANSPORT", "tls-tcp",
        "CHAUPAL_REMOTE_KEY_STORE", keyStore.toString(), "CHAUPAL_REMOTE_KEY_STORE_PASSWORD", PASSWORD,
        "CHAUPAL_REMOTE_TRUST_STORE", trustStore.toString(), "CHAUPAL_REMOTE_TRUST_STORE_PASSWORD", PASSWORD);
  }

  /** cluster.conf as the node reads it, the map standing in for the environment. */
  private static Config node(Map<String, Object> environment) {
    Map<String, Object> values = new HashMap<>(environment);
    values.put("CHAUPAL_REMOTE_PORT", 0);
    return ConfigFactory.parseMap(values).withFallback(ConfigFactory.parseResources("cluster.conf"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private ActorSystem<?> start(Map<String, Object> environment) {
    Config c = ConfigFactory.parseMap(Map.of("akka.loglevel", "WARNING", "akka.cluster.jmx.multi-mbeans-in-same-jvm", "on"))
        .withFallback(node(environment));
    ActorSystem<?> system = ActorSystem.create(Behaviors.empty(), "chaupal", c);
    systems.add(system);
    return system;
  }

  private static void awaitUp(ActorSystem<?> system, Duration within) {
    await("not up").atMost(within).pollInterval(Duration.ofMillis(100))
        .until(() -> Cluster.get(system).selfMember().status() == MemberStatus.up());
  }

  /** A PKCS12 store with one self-signed key, made by the JDK's keytool. */
  private Path keyStore(String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD).inheritIO().start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
    return store;
  }
}
