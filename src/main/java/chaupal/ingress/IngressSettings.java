package chaupal.ingress;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;
import static chaupal.Setting.raw;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The webhook ingress's limits ({@code chaupal.ingress}); {@code shedAbove} zero never sheds.
 * {@code persistTimeout} is a webhook's whole wait for its journal, {@code persistAttempt} one ask
 * of a citizen's entity within it (the shorter of the two is used).
 */
public record IngressSettings(Duration persistTimeout, Duration persistAttempt, int maxBodyBytes, int maxInFlight,
    Duration shedAbove) {

  public static IngressSettings from(Config c) {
    return new IngressSettings(
        duration(c, "persist-timeout", "CHAUPAL_PERSIST_TIMEOUT"),
        duration(c, "persist-attempt-timeout", "CHAUPAL_PERSIST_ATTEMPT_TIMEOUT"),
        intIn(c, "max-body-bytes", "chaupal.ingress.max-body-bytes", 1024, 64 << 20, "a size in bytes"),
        intIn(c, "max-in-flight", "CHAUPAL_MAX_IN_FLIGHT", 1, 1_000_000, "a whole number of requests"),
        shedAbove(c));
  }

  /** A positive duration, or "off" (zero: never shed). */
  private static Duration shedAbove(Config c) {
    if ("off".equals(raw(c, "shed-above"))) return Duration.ZERO;
    return duration(c, "shed-above", "CHAUPAL_SHED_ABOVE", "off (never shed) or a duration like 250ms");
  }
}
