package chaupal.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Counters of what became of outbound messages, counted once each, after the outcome is stored.
 * In Prometheus: {@code chaupal_outbound_accepted_total}, {@code chaupal_outbound_retried_total},
 * {@code chaupal_outbound_failed_total{code="131026"}}, {@code chaupal_outbound_expired_total},
 * {@code chaupal_outbound_awaiting_window_total} (notifications set to wait for the citizen's next message);
 * every outcome once more in {@code chaupal_outbound_sends_total{result,code}}, the outbox lag by lane in
 * {@code chaupal_outbox_lag_seconds} and the waits for a channel's throttle in {@code chaupal_outbound_throttle_waits_total}.
 */
public interface OutboundMetrics {

  OutboundMetrics NONE = new OutboundMetrics() {
    @Override
    public void accepted() {}

    @Override
    public void retried() {}

    @Override
    public void failed(String code) {}

    @Override
    public void expired() {}
  };

  void accepted();

  void retried();

  /** Refused for good; {@code code} is Meta's error code, or {@code none} when no error object came back. */
  void failed(String code);

  void expired();

  /** A notification refused outside the window now waits for the citizen's next message. */
  default void awaitingWindow() {}

  /**
   * Any outcome, by {@code result} (accepted, retried, failed, expired, awaiting_window) and Meta's
   * error code ({@code none} without one): 130429 under retried is Meta throttling this number.
   */
  default void sent(String result, String code) {}

  /** How long an accepted message waited in the outbox before the sender took it. */
  default void lag(Lane lane, Duration waited) {}

  /** The sender held messages back for a channel's messages-per-second. */
  default void throttled() {}

  static OutboundMetrics micrometer(MeterRegistry registry) {
    Counter accepted = Counter.builder("chaupal.outbound.accepted").description("Messages the Cloud API accepted").register(registry);
    Counter retried = Counter.builder("chaupal.outbound.retried").description("Sends refused for now, to be retried").register(registry);
    Counter expired = Counter.builder("chaupal.outbound.expired").description("Messages given up after too many attempts or too long").register(registry);
    Counter awaiting = Counter.builder("chaupal.outbound.awaiting.window")
        .description("Notifications refused outside the 24-hour window, waiting for the citizen's next message").register(registry);
    Counter throttled = Counter.builder("chaupal.outbound.throttle.waits")
        .description("Times the sender held messages back for a channel's messages per second").register(registry);
    // Built once each (a send is the hot path), and registered up front so that the families are scraped before the first send.
    java.util.Map<String, Counter> sends = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.function.BiFunction<String, String, Counter> send = (result, code) -> sends.computeIfAbsent(result + "/" + code,
        k -> Counter.builder("chaupal.outbound.sends").description("Outcomes of sends, by result and Meta's error code")
            .tag("result", result).tag("code", code).register(registry));
    send.apply("accepted", "none");
    java.util.Map<Lane, Timer> lags = new java.util.EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) lags.put(lane, lagTimer(registry, lane));
    return new OutboundMetrics() {
      @Override
      public void accepted() {
        accepted.increment();
      }

      @Override
      public void retried() {
        retried.increment();
      }

      @Override
      public void failed(String code) {
        Counter.builder("chaupal.outbound.failed").description("Messages the Cloud API refused for good")
            .tag("code", code).register(registry).increment();
      }

      @Override
      public void expired() {
        expired.increment();
      }

      @Override
      public void awaitingWindow() {
        awaiting.increment();
      }

      @Override
      public void sent(String result, String code) {
        send.apply(result, code).increment();
      }

      @Override
      public void lag(Lane lane, Duration waited) {
        lags.get(lane).record(waited);
      }

      @Override
      public void throttled() {
        throttled.increment();
      }
    };
  }

  // Buckets around the 2 s the outbox must stay under, so the alert reads them without a client-side quantile.
  private static Timer lagTimer(MeterRegistry registry, Lane lane) {
    return Timer.builder("chaupal.outbox.lag").description("How long an accepted message waited in the outbox")
        .tag("lane", lane.name().toLowerCase(Locale.ROOT))
        .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2))
        .register(registry);
  }
}
