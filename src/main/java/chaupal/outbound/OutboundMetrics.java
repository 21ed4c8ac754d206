package chaupal.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of what became of outbound messages, counted once each, after the outcome is stored.
 * In Prometheus: {@code chaupal_outbound_accepted_total}, {@code chaupal_outbound_retried_total},
 * {@code chaupal_outbound_failed_total{code="131026"}}, {@code chaupal_outbound_expired_total},
 * {@code chaupal_outbound_awaiting_window_total} (notifications set to wait for the citizen's next message).
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

  static OutboundMetrics micrometer(MeterRegistry registry) {
    Counter accepted = Counter.builder("chaupal.outbound.accepted").description("Messages the Cloud API accepted").register(registry);
    Counter retried = Counter.builder("chaupal.outbound.retried").description("Sends refused for now, to be retried").register(registry);
    Counter expired = Counter.builder("chaupal.outbound.expired").description("Messages given up after too many attempts or too long").register(registry);
    Counter awaiting = Counter.builder("chaupal.outbound.awaiting.window")
        .description("Notifications refused outside the 24-hour window, waiting for the citizen's next message").register(registry);
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
    };
  }
}
