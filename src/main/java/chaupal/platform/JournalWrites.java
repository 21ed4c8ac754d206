package chaupal.platform;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * How long the journal's batched writes take ({@code chaupal_journal_write_seconds}), per actor
 * system. The persistence plugin builds {@link BatchedJournalDao} by reflection, so the DAO cannot be
 * handed the node's registry: it records here, and {@link OperatorMetrics} adds the node's registry.
 */
final class JournalWrites implements Extension {

  private static final ExtensionId<JournalWrites> ID = new ExtensionId<>() {
    @Override
    public JournalWrites createExtension(ActorSystem<?> system) {
      return new JournalWrites();
    }
  };

  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
  private final Timer writes = Timer.builder("chaupal.journal.write")
      .description("one batched write of events to the journal, from the statement's start to its commit")
      .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
          Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
      .register(registries);

  static JournalWrites get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  void record(Duration took) {
    writes.record(took);
  }

  /** From now on the writes are in {@code registry} too (their timer with it). */
  void reportTo(MeterRegistry registry) {
    registries.add(registry);
  }
}
