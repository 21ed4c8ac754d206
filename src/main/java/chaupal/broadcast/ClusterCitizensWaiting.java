package chaupal.broadcast;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import chaupal.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * How long citizens wait on the most loaded node of the cluster. A campaign runs on one node, but the
 * citizens it sends to, and the webhooks of those who answer, are spread over all of them: a runner
 * that listened only to its own node kept its pace while another node's citizens queued.
 *
 * <p>Every node publishes its own figure a few times a second on a cluster topic and keeps the
 * others' last figures; one not heard from for a while (a node gone) no longer counts. This node's
 * own figure is always read fresh.
 */
public final class ClusterCitizensWaiting implements CitizensWaiting {

  /** One node's figure, as it measured it when it published. */
  public record Report(String node, long nanos) implements CborSerializable {}

  private interface Command {}

  private enum Tick implements Command { INSTANCE }

  /** This node stops publishing, as if it had left the cluster. */
  private enum Leave implements Command { INSTANCE }

  private record Heard(Report report) implements Command {}

  private record Figure(long nanos, long heardAt) {}

  private static final String TOPIC = "chaupal-citizens-waiting";

  private final LongSupplier here;
  private volatile long elsewhere;
  private ActorRef<Command> publisher;

  private ClusterCitizensWaiting(LongSupplier here) {
    this.here = here;
  }

  /**
   * Publishes this node's figure ({@code here}) every {@code every} and counts another node's for
   * {@code staleAfter} after its last report.
   */
  public static ClusterCitizensWaiting start(ActorSystem<?> system, LongSupplier here, Duration every, Duration staleAfter) {
    return start(system, here, every, staleAfter, System::nanoTime);
  }

  static ClusterCitizensWaiting start(ActorSystem<?> system, LongSupplier here, Duration every, Duration staleAfter,
      LongSupplier nanoClock) {
    ClusterCitizensWaiting waiting = new ClusterCitizensWaiting(here);
    String node = UUID.randomUUID().toString();
    waiting.publisher = system.systemActorOf(waiting.behavior(node, every, staleAfter.toNanos(), nanoClock),
        "citizens-waiting-" + node, akka.actor.typed.Props.empty());
    return waiting;
  }

  void leave() {
    publisher.tell(Leave.INSTANCE);
  }

  @Override
  public long nanos() {
    return Math.max(here.getAsLong(), elsewhere);
  }

  private Behavior<Command> behavior(String node, Duration every, long staleNanos, LongSupplier nanoClock) {
    return Behaviors.setup(ctx -> {
      ActorRef<Topic.Command<Report>> topic = ctx.spawn(Topic.create(Report.class, TOPIC), "topic");
      ActorRef<Report> inbox = ctx.messageAdapter(Report.class, Heard::new);
      topic.tell(Topic.subscribe(inbox));
      Map<String, Figure> others = new HashMap<>();
      return Behaviors.withTimers(timers -> {
        timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
        return Behaviors.receive(Command.class)
            .onMessageEquals(Tick.INSTANCE, () -> {
              topic.tell(Topic.publish(new Report(node, here.getAsLong())));
              long now = nanoClock.getAsLong();
              others.values().removeIf(f -> now - f.heardAt() > staleNanos);
              elsewhere = others.values().stream().mapToLong(Figure::nanos).max().orElse(0);
              return Behaviors.same();
            })
            .onMessageEquals(Leave.INSTANCE, Behaviors::stopped)
            .onMessage(Heard.class, heard -> {
              Report r = heard.report();
              if (!r.node().equals(node)) {
                others.put(r.node(), new Figure(Math.max(0, r.nanos()), nanoClock.getAsLong()));
                elsewhere = Math.max(elsewhere, r.nanos());
              }
              return Behaviors.same();
            })
            .build();
      });
    });
  }
}
