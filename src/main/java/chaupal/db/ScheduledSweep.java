package chaupal.db;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part's retention sweep, run on one node of the cluster (a sharded daemon process of one) after
 * {@code firstAfter} and then every {@code every}, on the blocking dispatcher. A failed run is one
 * warning; the next run tries again.
 */
public final class ScheduledSweep {

  private static final Logger log = LoggerFactory.getLogger(ScheduledSweep.class);

  /** One run: deletes what is older than its retention, relative to {@code now}. */
  @FunctionalInterface
  public interface Sweep {
    void run(Instant now) throws SQLException;
  }

  /** Only ever sent by the process's own timer, so it never crosses the network. */
  enum Tick { INSTANCE }

  private ScheduledSweep() {}

  /** {@code name} is the daemon process's, unique in the cluster, and names the sweep in the log. */
  public static void start(ActorSystem<?> system, String name, Duration firstAfter, Duration every, Sweep sweep) {
    Executor blocking = BlockingSql.executor(system);
    ShardedDaemonProcess.get(system).init(Tick.class, name, 1, i -> schedule(name, sweep, blocking, firstAfter, every));
  }

  private static Behavior<Tick> schedule(String name, Sweep sweep, Executor blocking, Duration firstAfter, Duration every) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, firstAfter, every);
      return Behaviors.receiveMessage(tick -> {
        CompletableFuture.runAsync(() -> {
          try {
            sweep.run(Instant.now());
          } catch (SQLException e) {
            log.warn("{} sweep failed, will try again at the next run: {}", name, e.getMessage());
          }
        }, blocking);
        return Behaviors.same();
      });
    });
  }
}
