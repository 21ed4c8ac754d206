package chaupal.cases;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.query.Offset;
import akka.projection.Projection;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.SourceProvider;
import akka.projection.jdbc.javadsl.JdbcProjection;
import chaupal.db.ActingEvents;
import chaupal.db.BlockingSql;
import chaupal.tenancy.Directory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The case part started: the Case entities, their numbers, and three projections, each a worker
 * per tag under a sharded daemon process. The first two are the way of a filing to the officials'
 * API and read their events promptly ({@link ActingEvents#promptlyByTag}); the watch reads as the
 * other acting projections do.
 * <ul>
 *   <li>{@value #FILINGS}: the citizens' events ({@code citizen-<n>}) to cases, at least once (the
 *       cases recognise a repeat);</li>
 *   <li>{@value #READ_MODEL}: the case events ({@code case-<n>}) to the read tables, exactly once;</li>
 *   <li>{@value #WATCH}: the case events to the {@link CaseWatcher}, at least once, in each case's order.</li>
 * </ul>
 */
public final class Cases {

  public static final String FILINGS = "case-filings";
  public static final String READ_MODEL = "case-read-model";
  public static final String WATCH = "case-watch";

  /** The citizens' slice count, which the filings projection follows. */
  static final String CITIZEN_TAG_SLICES = "chaupal.citizen.tag-slices";
  /** The citizens' events that ask another part to act carry this second tag (citizen.Citizen.ACTS_TAG_PREFIX). */
  static final String CITIZEN_TAG_PREFIX = "citizen-acts";

  private static final int GROUP_SIZE = 200;
  private static final Duration GROUP_WITHIN = Duration.ofMillis(50);

  private final CaseNumberLeases numbers;
  private final CaseEntities commands;

  private Cases(CaseNumberLeases numbers, CaseEntities commands) {
    this.numbers = numbers;
    this.commands = commands;
  }

  /** Starts the case part on this node; reads {@code chaupal.cases} and {@code chaupal.citizen.tag-slices}. */
  public static Cases init(ActorSystem<?> system, Directory directory, DataSource dataSource, FilingSource filings,
      CaseWatcher watcher, Clock clock) {
    return init(system, directory, dataSource, filings, watcher, clock, new CompositeMeterRegistry());
  }

  /** As above, with the filing projection's re-asks and each hop's lag ({@link CaseLag}) in {@code metrics}. */
  public static Cases init(ActorSystem<?> system, Directory directory, DataSource dataSource, FilingSource filings,
      CaseWatcher watcher, Clock clock, MeterRegistry metrics) {
    CaseLag lag = new CaseLag(metrics);
    CaseSettings settings = CaseSettings.from(system.settings().config());
    CaseRouting routing = new CaseRouting(directory);
    Case.init(system, routing, settings);
    CaseEntities entities = new CaseEntities(system, settings.askTimeout(), routing, clock);
    CaseEntities filingEntities = new CaseEntities(system, settings.filingAskTimeout(), routing, clock);
    int citizenSlices = system.settings().config().getInt(CITIZEN_TAG_SLICES);
    Counter reasks = Counter.builder("chaupal.cases.filing.reasks")
        .description("filing projection asks repeated for one case that did not answer in time").register(metrics);

    daemon(system, FILINGS, citizenSlices, slice -> {
      String tag = CITIZEN_TAG_PREFIX + "-" + slice;
      return JdbcProjection.groupedWithinAsync(ProjectionId.of(FILINGS, tag), ActingEvents.<Object>promptlyByTag(system, tag),
              () -> new CaseSession(dataSource), () -> new FilingHandler(filings, filingEntities, system, reasks, lag), system)
          .withGroup(GROUP_SIZE, GROUP_WITHIN);
    });
    daemon(system, READ_MODEL, settings.tagSlices(), slice -> {
      String tag = settings.tag(slice);
      return JdbcProjection.groupedWithin(ProjectionId.of(READ_MODEL, tag), ActingEvents.<Case.Event>promptlyByTag(system, tag),
              () -> new CaseSession(dataSource), () -> new CaseReadModel(lag), system)
          .withGroup(GROUP_SIZE, GROUP_WITHIN);
    });
    daemon(system, WATCH, settings.tagSlices(), slice -> {
      String tag = settings.tag(slice);
      return JdbcProjection.atLeastOnceAsync(ProjectionId.of(WATCH, tag), Cases.<Case.Event>eventsByTag(system, tag),
          () -> new CaseSession(dataSource), () -> new CaseWatch(watcher, entities, routing), system);
    });
    return new Cases(new CaseNumberLeases(dataSource, BlockingSql.executor(system), settings.numberBlock()), entities);
  }

  private static <E> SourceProvider<Offset, EventEnvelope<E>> eventsByTag(ActorSystem<?> system, String tag) {
    return ActingEvents.byTag(system, tag);
  }

  private static void daemon(ActorSystem<?> system, String name, int workers, IntFunction<Projection<?>> projection) {
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, name, workers,
        slice -> ProjectionBehavior.create(projection.apply(slice)), ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  /** Case numbers for the citizens' filings: {@code numbers().reserve(prefix, nowMillis)}. */
  public CaseNumberLeases numbers() {
    return numbers;
  }

  /** The entities for the desk and the deadline watch. */
  public CaseCommands commands() {
    return commands;
  }
}
