package chaupal.broadcast;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;
import static chaupal.Setting.string;

import chaupal.Setting;
import com.typesafe.config.Config;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The campaigns' settings ({@code chaupal.broadcast}): per-message rates in INR per template category
 * (the deployer copies them from Meta's rate card), the portfolio's daily limit of unique users,
 * and how the runner paces itself.
 *
 * @param rates INR per delivered message (what Meta bills), by MARKETING / UTILITY / AUTHENTICATION
 * @param dailyUniqueUsers the limit of channels in no listed portfolio; 0 for unlimited
 * @param portfolios which channels share a business portfolio, and that portfolio's limit
 * @param tick how often the runner looks again: pause, resume and cancel take effect within it
 * @param backlog how much of a channel's rate may wait unsent in the outbox before the runner waits
 * @param maxAttempts hand-overs to the citizen's entity that fail before a recipient is refused
 * @param handOverParallelism hand-overs waiting for their citizens' answers at once: each may wake a
 *     citizen from the journal, and a citizen who writes meanwhile waits behind every one of them
 * @param yieldAbove while citizens' messages wait longer than this on the runner's node, the campaigns
 *     hand over less ({@link CitizensWaiting})
 */
public record BroadcastSettings(Map<String, BigDecimal> rates, int dailyUniqueUsers, List<Portfolio> portfolios,
    Duration tick, Duration backlog, int maxAttempts, int handOverParallelism, Duration yieldAbove) {

  static final int DEFAULT_HAND_OVER_PARALLELISM = 128;
  static final Duration DEFAULT_YIELD_ABOVE = Duration.ofMillis(100);

  /** With the default hand-over parallelism and yield threshold. */
  public BroadcastSettings(Map<String, BigDecimal> rates, int dailyUniqueUsers, List<Portfolio> portfolios, Duration tick,
      Duration backlog, int maxAttempts) {
    this(rates, dailyUniqueUsers, portfolios, tick, backlog, maxAttempts, DEFAULT_HAND_OVER_PARALLELISM, DEFAULT_YIELD_ABOVE);
  }

  /** Meta's tiers, and 0 for unlimited. */
  static final List<Integer> TIERS = List.of(250, 2_000, 10_000, 100_000, 0);

  public BroadcastSettings {
    rates = Map.copyOf(rates);
    portfolios = List.copyOf(portfolios);
    if (handOverParallelism < 1) throw new IllegalArgumentException("handOverParallelism must be at least 1");
  }

  /** Business numbers sharing one portfolio's daily limit of unique users (0: unlimited). */
  public record Portfolio(String name, List<String> channels, int dailyUniqueUsers) {
    public Portfolio {
      channels = List.copyOf(channels);
    }
  }

  public static BroadcastSettings defaults() {
    return new BroadcastSettings(Map.of("MARKETING", BigDecimal.ZERO, "UTILITY", BigDecimal.ZERO, "AUTHENTICATION", BigDecimal.ZERO),
        0, List.of(), Duration.ofMillis(200), Duration.ofSeconds(2), 10);
  }

  public BroadcastSettings withPortfolios(int dailyUniqueUsers, List<Portfolio> portfolios) {
    return new BroadcastSettings(rates, dailyUniqueUsers, portfolios, tick, backlog, maxAttempts, handOverParallelism, yieldAbove);
  }

  public BroadcastSettings withRates(Map<String, BigDecimal> rates) {
    return new BroadcastSettings(rates, dailyUniqueUsers, portfolios, tick, backlog, maxAttempts, handOverParallelism, yieldAbove);
  }

  public BroadcastSettings withHandOvers(int parallelism, Duration yieldAbove) {
    return new BroadcastSettings(rates, dailyUniqueUsers, portfolios, tick, backlog, maxAttempts, parallelism, yieldAbove);
  }

  BigDecimal rate(String category) {
    return rates.getOrDefault(category, BigDecimal.ZERO);
  }

  /** The portfolio a channel belongs to: a listed one, or the shared default. */
  Portfolio portfolioOf(String channelId) {
    for (Portfolio p : portfolios) if (p.channels().contains(channelId)) return p;
    return new Portfolio("default", List.of(), dailyUniqueUsers);
  }

  /** Reads {@code c}, the {@code chaupal.broadcast} section. */
  public static BroadcastSettings from(Config c) {
    Map<String, BigDecimal> rates = new HashMap<>();
    for (String category : List.of("marketing", "utility", "authentication")) {
      String variable = "CHAUPAL_RATE_" + category.toUpperCase(Locale.ROOT);
      String raw = string(c, "rates." + category, variable);
      try {
        BigDecimal rate = new BigDecimal(raw.trim());
        if (rate.signum() < 0) throw new NumberFormatException();
        rates.put(category.toUpperCase(Locale.ROOT), rate);
      } catch (NumberFormatException e) {
        throw new Setting.Invalid(variable + ": \"" + raw + "\" is not a rate; expected INR per message such as 0.86");
      }
    }
    int daily = tier(string(c, "daily-unique-users", "CHAUPAL_DAILY_UNIQUE_USERS"), "CHAUPAL_DAILY_UNIQUE_USERS");
    List<Portfolio> portfolios = c.getConfigList("portfolios").stream().map(p -> new Portfolio(p.getString("name"),
        p.getStringList("channels"), tier(p.getString("daily-unique-users"), "chaupal.broadcast.portfolios." + p.getString("name")))).toList();
    return new BroadcastSettings(rates, daily, portfolios,
        duration(c, "tick", "chaupal.broadcast.tick"), duration(c, "backlog", "chaupal.broadcast.backlog"),
        intIn(c, "max-attempts", "chaupal.broadcast.max-attempts", 1, 1000, "a number of attempts from 1 to 1000"),
        intIn(c, "hand-over-parallelism", "chaupal.broadcast.hand-over-parallelism", 1, 10_000, "a number of hand-overs from 1 to 10000"),
        duration(c, "yield-above", "chaupal.broadcast.yield-above"));
  }

  private static int tier(String raw, String variable) {
    if ("unlimited".equalsIgnoreCase(raw.trim())) return 0;
    try {
      int value = Integer.parseInt(raw.trim().replace("_", "").replace(",", ""));
      if (TIERS.contains(value) && value > 0) return value;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Setting.Invalid(variable + ": \"" + raw + "\" is not one of Meta's limits; expected 250, 2000, 10000, 100000 or unlimited");
  }
}
