package chaupal.simulator;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * How the simulated Cloud API behaves.
 *
 * @param webhookUrl where webhooks go, e.g. {@code http://127.0.0.1:8080/webhooks/whatsapp}
 * @param appSecret the app secret that signs webhooks ({@code X-Hub-Signature-256})
 * @param accessToken the bearer token every Graph API call must carry
 * @param numbers the business numbers the simulator answers for
 * @param defaultMessagesPerSecond throughput of a number that does not set its own (Meta: 80)
 * @param statusWebhooks whether to post sent/delivered/read/failed statuses (off for load tests)
 * @param enforceServiceWindow whether non-template sends need a citizen message in the last 24 h
 * @param statusDelay pause between statuses of a message no phone page is watching
 * @param tuning the rarely changed bounds and pacing, {@link Tuning#DEFAULT} unless a test needs others
 */
public record SimulatorSettings(
    String webhookUrl,
    String appSecret,
    String accessToken,
    List<BusinessNumber> numbers,
    int defaultMessagesPerSecond,
    boolean statusWebhooks,
    boolean enforceServiceWindow,
    Duration statusDelay,
    Tuning tuning) {

  public SimulatorSettings {
    if (webhookUrl == null || webhookUrl.isBlank()) throw new IllegalArgumentException("webhookUrl is required");
    if (appSecret == null || appSecret.isEmpty()) throw new IllegalArgumentException("appSecret is required");
    if (accessToken == null || accessToken.isEmpty()) throw new IllegalArgumentException("accessToken is required");
    numbers = List.copyOf(numbers);
    defaultMessagesPerSecond = defaultMessagesPerSecond > 0 ? defaultMessagesPerSecond : 80;
    statusDelay = statusDelay == null || statusDelay.isNegative() ? Duration.ofSeconds(1) : statusDelay;
    tuning = tuning == null ? Tuning.DEFAULT : tuning;
  }

  public SimulatorSettings(
      String webhookUrl,
      String appSecret,
      String accessToken,
      List<BusinessNumber> numbers,
      int defaultMessagesPerSecond,
      boolean statusWebhooks,
      boolean enforceServiceWindow,
      Duration statusDelay) {
    this(webhookUrl, appSecret, accessToken, numbers, defaultMessagesPerSecond, statusWebhooks,
        enforceServiceWindow, statusDelay, Tuning.DEFAULT);
  }

  /**
   * Reads {@code chaupal.simulator} for these numbers; {@code messages-per-second-override}, when
   * set, replaces every number's own rate.
   */
  public static SimulatorSettings from(Config config, List<BusinessNumber> numbers, String webhookUrl, String appSecret,
      String accessToken) {
    Config c = config.getConfig("chaupal.simulator");
    boolean overridden = c.hasPath("messages-per-second-override");
    int rate = overridden ? c.getInt("messages-per-second-override") : c.getInt("messages-per-second");
    List<BusinessNumber> paced = overridden
        ? numbers.stream().map(n -> n.withMessagesPerSecond(rate)).toList()
        : numbers;
    Tuning tuning = Tuning.DEFAULT.withCapacity(Tuning.DEFAULT.historyPerConversation(), Tuning.DEFAULT.maxConversations(),
        c.getInt("max-stored-messages"), Tuning.DEFAULT.mediaBytes());
    return new SimulatorSettings(webhookUrl, appSecret, accessToken, paced, rate, c.getBoolean("status-webhooks"),
        c.getBoolean("enforce-service-window"), c.getDuration("status-delay"), tuning);
  }

  public SimulatorSettings withTuning(Tuning newTuning) {
    return new SimulatorSettings(webhookUrl, appSecret, accessToken, numbers, defaultMessagesPerSecond,
        statusWebhooks, enforceServiceWindow, statusDelay, newTuning);
  }

  public int messagesPerSecond(BusinessNumber number) {
    return number.messagesPerSecond() > 0 ? number.messagesPerSecond() : defaultMessagesPerSecond;
  }

  /** How a send outside the 24-hour window fails when the window is enforced. */
  public enum WindowFailure {
    /** Accepted with a wamid, then a {@code failed} status webhook with 131047, as Meta usually does. */
    STATUS_WEBHOOK,
    /** Refused at once: HTTP 400 with error 131047. */
    SYNC
  }

  /**
   * @param wabaId the WhatsApp Business Account id in {@code entry[].id}
   * @param mediaBaseUrl scheme://host:port the media download URLs point at; null means the webhook URL's
   * @param webhookAttempts how many times one webhook is posted before it is dropped
   * @param webhookFirstRetry the wait before the second retry; each later one waits twice as long
   * @param webhookTimeout how long one webhook POST may take
   * @param pairBurst messages to one citizen allowed at once (Meta: 45 in 6 s)
   * @param pairInterval then one message to that citizen per this interval (Meta: 6 s)
   * @param historyPerConversation messages kept per (business number, citizen)
   * @param maxConversations conversations kept; the least recently used go first
   * @param maxStoredMessages messages kept over all conversations
   * @param mediaBytes media kept in memory; the oldest go first
   * @param windowFailure how an enforced 24-hour window refuses a send
   */
  public record Tuning(
      String wabaId,
      String mediaBaseUrl,
      int webhookAttempts,
      Duration webhookFirstRetry,
      Duration webhookTimeout,
      int pairBurst,
      Duration pairInterval,
      int historyPerConversation,
      int maxConversations,
      int maxStoredMessages,
      long mediaBytes,
      WindowFailure windowFailure) {

    public static final Tuning DEFAULT = new Tuning("100000000000001", null, 6, Duration.ofSeconds(1),
        Duration.ofSeconds(10), 45, Duration.ofSeconds(6), 200, 20_000, 200_000, 50L * 1024 * 1024,
        WindowFailure.STATUS_WEBHOOK);

    public Tuning withWebhookRetries(int attempts, Duration firstRetry) {
      return new Tuning(wabaId, mediaBaseUrl, attempts, firstRetry, webhookTimeout, pairBurst, pairInterval,
          historyPerConversation, maxConversations, maxStoredMessages, mediaBytes, windowFailure);
    }

    public Tuning withMediaBaseUrl(String url) {
      return new Tuning(wabaId, url, webhookAttempts, webhookFirstRetry, webhookTimeout, pairBurst, pairInterval,
          historyPerConversation, maxConversations, maxStoredMessages, mediaBytes, windowFailure);
    }

    public Tuning withCapacity(int perConversation, int conversations, int storedMessages, long media) {
      return new Tuning(wabaId, mediaBaseUrl, webhookAttempts, webhookFirstRetry, webhookTimeout, pairBurst,
          pairInterval, perConversation, conversations, storedMessages, media, windowFailure);
    }

    public Tuning withWindowFailure(WindowFailure failure) {
      return new Tuning(wabaId, mediaBaseUrl, webhookAttempts, webhookFirstRetry, webhookTimeout, pairBurst,
          pairInterval, historyPerConversation, maxConversations, maxStoredMessages, mediaBytes, failure);
    }
  }
}
