package chaupal.simulator.graph;

/** A token bucket: {@code capacity} at once, then {@code perSecond} refilled continuously. */
public final class TokenBucket {

  private final double capacity;
  private final double perMilli;
  private double tokens;
  private long lastMillis;

  public TokenBucket(double capacity, double perSecond, long nowMillis) {
    this.capacity = capacity;
    this.perMilli = perSecond / 1000.0;
    this.tokens = capacity;
    this.lastMillis = nowMillis;
  }

  public synchronized boolean tryTake(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
      lastMillis = nowMillis;
    }
    if (tokens < 1.0) return false;
    tokens -= 1.0;
    return true;
  }
}
