package chaupal.broadcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes' figures on one topic: each runner sees the citizens of the busier node wait. */
class ClusterCitizensWaitingTest {

  static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("waiting", ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.parseResources("serialization.conf")));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aRunnerSeesTheBusiestNodesCitizensAndForgetsANodeThatLeft() {
    AtomicLong quiet = new AtomicLong(0);
    AtomicLong busy = new AtomicLong(Duration.ofMillis(300).toNanos());
    Duration every = Duration.ofMillis(50);
    Duration stale = Duration.ofMillis(500);
    ClusterCitizensWaiting runner = ClusterCitizensWaiting.start(kit.system(), quiet::get, every, stale);
    ClusterCitizensWaiting other = ClusterCitizensWaiting.start(kit.system(), busy::get, every, stale);

    await().atMost(Duration.ofSeconds(5)).until(() -> runner.nanos() == busy.get());
    assertEquals(busy.get(), other.nanos(), "a node's own figure");

    busy.set(Duration.ofMillis(20).toNanos());
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.nanos() == busy.get());

    quiet.set(Duration.ofMillis(80).toNanos());
    assertEquals(quiet.get(), runner.nanos(), "its own figure, read fresh, when it is the larger");

    busy.set(Duration.ofSeconds(1).toNanos());
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.nanos() == busy.get());
    other.leave();
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.nanos() == quiet.get());
  }

  @Test
  void aReportCrossesTheWireAsCbor() {
    var serialization = akka.serialization.SerializationExtension.get(akka.actor.typed.javadsl.Adapter.toClassic(kit.system()));
    var report = new ClusterCitizensWaiting.Report("node-a", 123_456_789L);
    assertEquals("JacksonCborSerializer", serialization.findSerializerFor(report).getClass().getSimpleName());
    assertEquals(report, serialization.deserialize(serialization.serialize(report).get(), report.getClass()).get());
  }
}
