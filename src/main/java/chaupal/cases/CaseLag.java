package chaupal.cases;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * How long a filing takes to reach the officials, hop by hop, for the operator: a citizen's event
 * written to its case made ({@code chaupal_cases_filing_lag_seconds}), and a case's event written to
 * its row in the read tables ({@code chaupal_cases_read_model_lag_seconds}). Together they are most of
 * the time from a citizen's Confirm to the case in the officials' API; each measures from the event's
 * write timestamp, so a projection replaying old events after a restart shows as a long lag, as it is.
 */
final class CaseLag {

  private final Timer filing;
  private final Timer readModel;

  CaseLag(MeterRegistry registry) {
    this.filing = timer(registry, "chaupal.cases.filing.lag", "From a citizen's event asking for a case to the case made");
    this.readModel = timer(registry, "chaupal.cases.read.model.lag", "From a case's event to its row in the read tables");
  }

  void filed(long writtenAtMillis, long nowMillis) {
    record(filing, writtenAtMillis, nowMillis);
  }

  void shown(long writtenAtMillis, long nowMillis) {
    record(readModel, writtenAtMillis, nowMillis);
  }

  private static void record(Timer timer, long writtenAtMillis, long nowMillis) {
    // A write timestamp of 0 (an event written without one) says nothing about the lag.
    if (writtenAtMillis > 0) timer.record(Duration.ofMillis(Math.max(0, nowMillis - writtenAtMillis)));
  }

  // Buckets around the 2 s a filing has from Confirm to the officials' API.
  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description)
        .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750),
            Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30))
        .register(registry);
  }
}
