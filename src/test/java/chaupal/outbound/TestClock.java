package chaupal.outbound;

import java.util.function.LongSupplier;

/** A nanosecond clock for the channel throttle that stands still until told to move or to run. */
final class TestClock implements LongSupplier {

  private long frozenAt;
  private long runningSince = -1;

  @Override
  public synchronized long getAsLong() {
    return runningSince < 0 ? frozenAt : frozenAt + (System.nanoTime() - runningSince);
  }

  synchronized void advanceMillis(long millis) {
    frozenAt += millis * 1_000_000L;
  }

  synchronized void run() {
    runningSince = System.nanoTime();
  }
}
