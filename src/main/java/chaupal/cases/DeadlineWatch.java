package chaupal.cases;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import chaupal.CborSerializable;
import chaupal.db.BlockingSql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates late cases: on one node of the cluster, every {@code chaupal.cases.deadline-check-interval}
 * it reads the open cases due by now from the read table and asks each Case entity to escalate if it
 * is still late. The deadline is data, so a restart or another node picks up where this one stopped;
 * a pass that fails (the database or the entities away) is retried at the next tick.
 */
public final class DeadlineWatch {

  private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

  /** Late cases read and escalated at a time. */
  static final int BATCH = 500;

  // The open statuses are written out so that the partial index on due_at (V50) serves the query.
  private static final String LATE_CASES = "SELECT number, level, due_at FROM grievance_case WHERE status IN ("
      + Arrays.stream(CaseBook.OPEN_STATUSES).map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ")"
      + " AND due_at <= ? AND (due_at, number) > (?, ?) ORDER BY due_at, number LIMIT " + BATCH;

  /** What one pass did: late cases found, those asked to escalate, and those whose ask failed. */
  record Pass(int late, int asked, int failed) {}

  private record LateCase(String number, int level, Instant dueAt) {}

  private final DataSource dataSource;
  private final Executor blocking;
  private final CaseCommands commands;
  private final Clock clock;
  // Late cases whose entity answered and whose row has not changed since: at the last level of its
  // chain a case stays late, and asking it again every tick would wake every such entity.
  private volatile Map<String, LateCase> answered = Map.of();
  // SLA breaches for the operator: open cases past their due time at the last pass (on the node the
  // watch runs on; the others say 0) and the escalations asked and answered.
  private final AtomicInteger overdue = new AtomicInteger();
  private final Counter escalations;

  DeadlineWatch(DataSource dataSource, Executor blocking, CaseCommands commands, Clock clock) {
    this(dataSource, blocking, commands, clock, new CompositeMeterRegistry());
  }

  DeadlineWatch(DataSource dataSource, Executor blocking, CaseCommands commands, Clock clock, MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.commands = commands;
    this.clock = clock;
    Gauge.builder("chaupal.sla.overdue.cases", overdue, AtomicInteger::get)
        .description("open cases past their due time at the deadline watch's last pass").register(metrics);
    this.escalations = Counter.builder("chaupal.sla.escalations")
        .description("late cases asked to escalate that answered").register(metrics);
  }

  /** Starts the watch (one worker in the cluster) on the interval of {@code chaupal.cases.deadline-check-interval}. */
  public static void init(ActorSystem<?> system, DataSource dataSource, CaseCommands commands, Clock clock) {
    init(system, dataSource, commands, clock, new CompositeMeterRegistry());
  }

  /** As above, its SLA figures in {@code metrics}. */
  public static void init(ActorSystem<?> system, DataSource dataSource, CaseCommands commands, Clock clock, MeterRegistry metrics) {
    Duration interval = system.settings().config().getDuration("chaupal.cases.deadline-check-interval");
    DeadlineWatch watch = new DeadlineWatch(dataSource, BlockingSql.executor(system), commands, clock, metrics);
    ShardedDaemonProcess.get(system).init(Command.class, "case-deadlines", 1, i -> watch.behavior(interval));
  }

  /**
   * One pass over every case late at this moment, a batch at a time in due order: asks each whose
   * level or due time changed since its entity last answered. One pass at a time.
   */
  CompletionStage<Pass> check() {
    Instant now = clock.instant();
    Map<String, LateCase> answering = new ConcurrentHashMap<>();
    return checkFrom(new LateCase("", 0, Instant.EPOCH), now, answering, new Pass(0, 0, 0))
        .thenApply(pass -> {
          answered = answering;
          overdue.set(pass.late());
          return pass;
        });
  }

  private CompletionStage<Pass> checkFrom(LateCase after, Instant now, Map<String, LateCase> answering, Pass sofar) {
    return BlockingSql.run(dataSource, blocking, c -> {
      List<LateCase> late = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(LATE_CASES)) {
        ps.setObject(1, now.atOffset(ZoneOffset.UTC));
        ps.setObject(2, after.dueAt().atOffset(ZoneOffset.UTC));
        ps.setString(3, after.number());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            late.add(new LateCase(rs.getString(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
          }
        }
      }
      return late;
    }).thenCompose(late -> {
      List<LateCase> toAsk = new ArrayList<>();
      for (LateCase c : late) {
        if (c.equals(answered.get(c.number()))) answering.put(c.number(), c);
        else toAsk.add(c);
      }
      return escalate(toAsk, now.toEpochMilli(), answering).thenCompose(failed -> {
        Pass pass = new Pass(sofar.late() + late.size(), sofar.asked() + toAsk.size(), sofar.failed() + failed);
        return late.size() < BATCH
            ? CompletableFuture.completedFuture(pass)
            : checkFrom(late.get(late.size() - 1), now, answering, pass);
      });
    });
  }

  /** Asks every case of the batch at once; completes with how many failed. */
  private CompletionStage<Integer> escalate(List<LateCase> late, long nowMillis, Map<String, LateCase> answering) {
    AtomicInteger failed = new AtomicInteger();
    CompletableFuture<?>[] asks = late.stream()
        .map(c -> commands.escalateIfLate(c.number(), c.level(), nowMillis).toCompletableFuture()
            .handle((done, e) -> {
              if (e == null) {
                answering.put(c.number(), c);
                escalations.increment();
              } else {
                failed.incrementAndGet();
              }
              return null;
            }))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(asks).thenApply(done -> failed.get());
  }

  // ---- the worker: one pass at a time, trouble logged once until a clean pass ----

  interface Command extends CborSerializable {}

  enum Tick implements Command { INSTANCE }

  private record Checked(Pass pass, Throwable failure) implements Command {}

  private Behavior<Command> behavior(Duration interval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return idle(ctx, false);
    }));
  }

  private Behavior<Command> idle(ActorContext<Command> ctx, boolean troubled) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, () -> {
          ctx.pipeToSelf(check(), Checked::new);
          return checking(ctx, troubled);
        })
        .build();
  }

  // A tick while a pass runs is dropped: the next one comes soon enough.
  private Behavior<Command> checking(ActorContext<Command> ctx, boolean troubled) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, Behaviors::same)
        .onMessage(Checked.class, checked -> idle(ctx, troubledAfter(troubled, checked)))
        .build();
  }

  // A database outage fails every tick; one line when it starts and one when it ends, not one a tick.
  private static boolean troubledAfter(boolean troubled, Checked checked) {
    String trouble = checked.failure() != null
        ? rootMessage(checked.failure())
        : checked.pass().failed() > 0 ? checked.pass().failed() + " of " + checked.pass().asked() + " late cases did not answer" : null;
    if (trouble != null && !troubled) {
      log.warn("Deadline check failed; retried every tick, no more warnings until it works again: {}", trouble);
    } else if (trouble == null && troubled) {
      log.info("Deadline check works again: {} late cases asked to escalate", checked.pass().asked());
    }
    return trouble != null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage();
  }
}
