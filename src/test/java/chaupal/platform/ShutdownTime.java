package chaupal.platform;

import com.typesafe.config.Config;
import java.time.Duration;

/** How long coordinated shutdown may take at worst: its phases run one after another, each up to its timeout. */
final class ShutdownTime {

  private ShutdownTime() {}

  static Duration worstCase(Config config) {
    Config phases = config.getConfig("akka.coordinated-shutdown.phases");
    Duration byDefault = config.getDuration("akka.coordinated-shutdown.default-phase-timeout");
    return phases.root().keySet().stream()
        .map(phase -> phases.getConfig("\"" + phase + "\""))
        .map(phase -> phase.hasPath("timeout") ? phase.getDuration("timeout") : byDefault)
        .reduce(Duration.ZERO, Duration::plus);
  }
}
