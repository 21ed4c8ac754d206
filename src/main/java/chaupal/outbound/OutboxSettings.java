package chaupal.outbound;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the outbox reads the journal and sends.
 *
 * @param projectionName name of the projection (offsets) and of the sharded daemon process
 * @param tagPrefix the neutral tags every citizen event carries, {@code tagPrefix-n}, n in {@code 0..tagCount-1}
 * @param tagCount number of slices (tags), hence of workers (projection + sender); fixed once a journal exists
 * @param messagesPerSecond the Cloud API throughput of a channel (phone number id) for the whole
 *     cluster; asked again while running, so a throughput upgrade takes effect without a restart
 * @param maxInFlight messages one worker has taken from the outbox and not yet recorded as sent
 * @param pollInterval how often a sender looks for due messages without being woken (restarts, retries, lost wake-ups)
 * @param backoffBase first retry delay (before jitter); doubles with every failure
 * @param backoffCap the longest exponential delay (Meta's own hints, e.g. 131056, may ask for more)
 * @param maxAttempts sends after which a retryable failure gives up as expired
 * @param maxAge age after which a message that was not accepted gives up as expired
 * @param groupSize events per projection transaction, at most
 * @param groupWithin how long the projection waits to fill a group
 * @param drainTimeout on hand-over or shutdown, how long a sender waits for sends already on the wire
 * @param doubtWindow how long a campaign message marked on the wire without an outcome (its sender died) waits
 *     for a status webhook naming it before it is sent again; zero marks nothing and sends such a message at once
 */
public record OutboxSettings(
    String projectionName,
    String tagPrefix,
    int tagCount,
    Function<String, Integer> messagesPerSecond,
    int maxInFlight,
    Duration pollInterval,
    Duration backoffBase,
    Duration backoffCap,
    int maxAttempts,
    Duration maxAge,
    int groupSize,
    Duration groupWithin,
    Duration drainTimeout,
    Duration doubtWindow) {

  /** Meta's default throughput of a registered business phone number. */
  public static final int DEFAULT_MESSAGES_PER_SECOND = 80;

  private static final Config DEFAULTS = ConfigFactory.parseString("""
      projection-name = "outbox"
      tag-prefix = "citizen"
      tag-count = 8
      messages-per-second = 80
      channel-messages-per-second {}
      max-in-flight = 128
      poll-interval = 1s
      backoff-base = 1s
      backoff-cap = 5m
      max-attempts = 12
      max-age = 24h
      group-size = 500
      group-within = 50ms
      drain-timeout = 5s
      doubt-window = 15s
      """);

  /** Where the citizen's slice count is set (application.conf also reads the old name, {@code outbox-tags}). */
  public static final String TAG_SLICES = "chaupal.citizen.tag-slices";

  public OutboxSettings {
    Objects.requireNonNull(projectionName, "projectionName");
    Objects.requireNonNull(tagPrefix, "tagPrefix");
    Objects.requireNonNull(messagesPerSecond, "messagesPerSecond");
    if (tagCount < 1) throw new IllegalArgumentException("tagCount must be at least 1");
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (groupSize < 1) throw new IllegalArgumentException("groupSize must be at least 1");
    Objects.requireNonNull(doubtWindow, "doubtWindow");
    if (doubtWindow.isNegative()) throw new IllegalArgumentException("doubtWindow must not be negative");
  }

  /** The defaults, every channel at Meta's 80 messages per second. */
  public static OutboxSettings defaults(int tagCount) {
    return fromSection(DEFAULTS, tagCount);
  }

  /**
   * Reads {@code chaupal.outbound} (every key optional) and the slice count from
   * {@code chaupal.citizen.tag-slices}, the number the citizen entity tags with.
   */
  public static OutboxSettings fromConfig(Config config) {
    Config section = config.hasPath("chaupal.outbound") ? config.getConfig("chaupal.outbound").withFallback(DEFAULTS) : DEFAULTS;
    int tagCount = config.hasPath(TAG_SLICES) ? config.getInt(TAG_SLICES) : section.getInt("tag-count");
    return fromSection(section, tagCount);
  }

  private static OutboxSettings fromSection(Config c, int tagCount) {
    int fallbackRate = c.getInt("messages-per-second");
    Map<String, Integer> rates = new java.util.HashMap<>();
    c.getConfig("channel-messages-per-second").root().unwrapped()
        .forEach((channel, rate) -> rates.put(channel, ((Number) rate).intValue()));
    return new OutboxSettings(
        c.getString("projection-name"),
        c.getString("tag-prefix"),
        tagCount,
        ratesOf(Map.copyOf(rates), fallbackRate),
        c.getInt("max-in-flight"),
        c.getDuration("poll-interval"),
        c.getDuration("backoff-base"),
        c.getDuration("backoff-cap"),
        c.getInt("max-attempts"),
        c.getDuration("max-age"),
        c.getInt("group-size"),
        c.getDuration("group-within"),
        c.getDuration("drain-timeout"),
        c.getDuration("doubt-window"));
  }

  private static Function<String, Integer> ratesOf(Map<String, Integer> rates, int fallback) {
    return channel -> rates.getOrDefault(channel, fallback);
  }

  /** The tag worker {@code partition} reads. */
  public String tag(int partition) {
    return tagPrefix + "-" + partition;
  }

  /**
   * The share of a channel's throughput one worker may use: an even split between the
   * {@code tagCount} workers. Citizens spread evenly over the tags, so each worker carries about
   * the same part of a channel's traffic; the cost is that a busy worker cannot borrow the unused
   * share of an idle one. A cluster-wide limiter would need a round trip per message.
   */
  double messagesPerSecondPerWorker(String phoneNumberId) {
    Integer rate = messagesPerSecond.apply(phoneNumberId);
    int whole = rate == null || rate <= 0 ? DEFAULT_MESSAGES_PER_SECOND : rate;
    return (double) whole / tagCount;
  }

  public OutboxSettings withRates(Map<String, Integer> perChannel, int fallback) {
    return withMessagesPerSecond(ratesOf(Map.copyOf(perChannel), fallback));
  }

  public OutboxSettings withMessagesPerSecond(Function<String, Integer> rates) {
    return new OutboxSettings(projectionName, tagPrefix, tagCount, rates, maxInFlight, pollInterval,
        backoffBase, backoffCap, maxAttempts, maxAge, groupSize, groupWithin, drainTimeout, doubtWindow);
  }

  public OutboxSettings withTags(String prefix, int count) {
    return new OutboxSettings(projectionName, prefix, count, messagesPerSecond, maxInFlight, pollInterval,
        backoffBase, backoffCap, maxAttempts, maxAge, groupSize, groupWithin, drainTimeout, doubtWindow);
  }

  public OutboxSettings withMaxInFlight(int max) {
    return new OutboxSettings(projectionName, tagPrefix, tagCount, messagesPerSecond, max, pollInterval,
        backoffBase, backoffCap, maxAttempts, maxAge, groupSize, groupWithin, drainTimeout, doubtWindow);
  }

  public OutboxSettings withPollInterval(Duration interval) {
    return new OutboxSettings(projectionName, tagPrefix, tagCount, messagesPerSecond, maxInFlight, interval,
        backoffBase, backoffCap, maxAttempts, maxAge, groupSize, groupWithin, drainTimeout, doubtWindow);
  }

  public OutboxSettings withDoubtWindow(Duration window) {
    return new OutboxSettings(projectionName, tagPrefix, tagCount, messagesPerSecond, maxInFlight, pollInterval,
        backoffBase, backoffCap, maxAttempts, maxAge, groupSize, groupWithin, drainTimeout, window);
  }

  public OutboxSettings withRetries(Duration base, Duration cap, int attempts, Duration age) {
    return new OutboxSettings(projectionName, tagPrefix, tagCount, messagesPerSecond, maxInFlight, pollInterval,
        base, cap, attempts, age, groupSize, groupWithin, drainTimeout, doubtWindow);
  }
}
