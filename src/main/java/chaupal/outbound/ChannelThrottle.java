package chaupal.outbound;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * One token bucket per channel: a worker sends on a channel at most at its share of the channel's
 * throughput. A bucket holds at most {@link #BURST_SECONDS} worth of tokens (at least one), so that
 * the workers of a channel, bursting together, stay close to the channel's limit. Used by one actor only.
 */
final class ChannelThrottle {

  /** How much unused throughput a bucket keeps. */
  static final double BURST_SECONDS = 0.1;

  private final ToDoubleFunction<String> ratePerSecond;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  ChannelThrottle(ToDoubleFunction<String> ratePerSecond, LongSupplier nanoClock) {
    this.ratePerSecond = ratePerSecond;
    this.nanoClock = nanoClock;
  }

  /** Takes a token of this channel if one is there. */
  boolean tryAcquire(String channel) {
    return bucket(channel).tryTake(nanoClock.getAsLong());
  }

  /** Nanoseconds until the channel has a token again. */
  long nanosUntilAvailable(String channel) {
    return bucket(channel).nanosUntilToken(nanoClock.getAsLong());
  }

  /** Tokens a bucket of this channel holds at most. */
  int capacity(String channel) {
    return (int) bucket(channel).capacity;
  }

  /**
   * How many messages of this channel are worth holding while they wait for tokens: one second of
   * its share. More would only keep other channels' messages out of the sender's hands.
   */
  int backlog(String channel) {
    Bucket bucket = bucket(channel);
    return (int) Math.max(bucket.capacity, Math.ceil(bucket.rate));
  }

  private Bucket bucket(String channel) {
    double rate = ratePerSecond.applyAsDouble(channel);
    Bucket bucket = buckets.get(channel);
    if (bucket == null) {
      bucket = new Bucket(rate, nanoClock.getAsLong());
      buckets.put(channel, bucket);
    } else if (bucket.rate != rate) {
      bucket.refill(nanoClock.getAsLong());
      bucket.setRate(rate);
    }
    return bucket;
  }

  private static final class Bucket {
    private double rate;
    private double capacity;
    private double tokens;
    private long refilledAt;

    Bucket(double rate, long now) {
      setRate(rate);
      this.tokens = capacity;
      this.refilledAt = now;
    }

    void setRate(double rate) {
      this.rate = rate;
      this.capacity = Math.max(1, Math.floor(rate * BURST_SECONDS));
      this.tokens = Math.min(tokens, capacity);
    }

    void refill(long now) {
      if (now > refilledAt) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * rate / 1e9);
        refilledAt = now;
      }
    }

    boolean tryTake(long now) {
      refill(now);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }

    long nanosUntilToken(long now) {
      refill(now);
      if (tokens >= 1) return 0;
      return (long) Math.ceil((1 - tokens) * 1e9 / rate);
    }
  }
}
