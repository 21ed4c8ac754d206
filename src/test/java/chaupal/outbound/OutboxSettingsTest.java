package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxSettingsTest {

  @Test
  void defaultsFollowMetaAndTheBrief() {
    OutboxSettings s = OutboxSettings.defaults(8);
    assertEquals("citizen-3", s.tag(3));
    assertEquals(128, s.maxInFlight());
    assertEquals(Duration.ofHours(24), s.maxAge());
    assertEquals(Duration.ofMinutes(5), s.backoffCap());
    assertEquals(10.0, s.messagesPerSecondPerWorker("any"), "80 per second split between 8 workers");
  }

  @Test
  void readsTheOutboundSectionAndTheCitizensTagCount() {
    OutboxSettings s = OutboxSettings.fromConfig(ConfigFactory.parseString("""
        chaupal.citizen.tag-slices = 4
        chaupal.outbound {
          max-in-flight = 32
          messages-per-second = 40
          channel-messages-per-second { "106540352242922" = 1000 }
        }
        """));
    assertEquals(4, s.tagCount());
    assertEquals(32, s.maxInFlight());
    assertEquals(250.0, s.messagesPerSecondPerWorker("106540352242922"));
    assertEquals(10.0, s.messagesPerSecondPerWorker("other"));
    assertEquals(Duration.ofSeconds(1), s.pollInterval());
    assertEquals(20.0, s.withRates(Map.of("x", 0), 80).messagesPerSecondPerWorker("x"), "no rate means Meta's default");
  }

  @Test
  void theSliceCountIsStillReadUnderItsOldName() {
    // With the libraries' reference settings, which application.conf refers to (cluster.conf's TLS key password).
    Config shipped = ConfigFactory.parseResources("application.conf").withFallback(ConfigFactory.defaultReference());
    Config old = ConfigFactory.parseString("chaupal.citizen.outbox-tags = 4").withFallback(shipped).resolve();
    assertEquals(4, OutboxSettings.fromConfig(old).tagCount());
    assertEquals(8, OutboxSettings.fromConfig(shipped.resolve()).tagCount());
  }

  @Test
  void metricsHaveThePrometheusNamesTheDashboardsUse() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OutboundMetrics metrics = OutboundMetrics.micrometer(registry);
    metrics.accepted();
    metrics.retried();
    metrics.failed("131026");
    metrics.failed("131026");
    metrics.expired();
    String scrape = registry.scrape();
    assertTrue(scrape.contains("chaupal_outbound_accepted_total 1.0"), scrape);
    assertTrue(scrape.contains("chaupal_outbound_retried_total 1.0"), scrape);
    assertTrue(scrape.contains("chaupal_outbound_failed_total{code=\"131026\"} 2.0"), scrape);
    assertTrue(scrape.contains("chaupal_outbound_expired_total 1.0"), scrape);
  }
}
