package chaupal.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The one test clock: it stands still until a test moves it, or runs with real time once told to, so
 * rate limits, throttles and the 24-hour window are tested without sleeping. It is a {@link Clock} for
 * wall time and gives a nanosecond view for code that measures intervals ({@link #nanos()}).
 */
public final class TestClock extends Clock {

  private static final Instant START = Instant.ofEpochMilli(1_750_000_000_000L);

  private long frozenNanos;
  private long runningSince = -1;

  public synchronized void advance(Duration by) {
    frozenNanos += by.toNanos();
  }

  /** From now on the clock follows real time (from wherever it stands). */
  public synchronized void run() {
    if (runningSince < 0) runningSince = System.nanoTime();
  }

  /** Nanoseconds since the clock started, in the manner of {@link System#nanoTime()}: for intervals only. */
  public LongSupplier nanos() {
    return this::elapsedNanos;
  }

  private synchronized long elapsedNanos() {
    return runningSince < 0 ? frozenNanos : frozenNanos + (System.nanoTime() - runningSince);
  }

  @Override
  public long millis() {
    return START.toEpochMilli() + elapsedNanos() / 1_000_000;
  }

  @Override
  public Instant instant() {
    return START.plusNanos(elapsedNanos());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
