package chaupal.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting a deployer may change, read once at start-up and checked. A bad one stops
 * start-up with one line that names the environment variable and says what is expected.
 */
public record Settings(
    String httpInterface,
    int httpPort,
    int httpListeners,
    HttpListeners.Deadlines httpDeadlines,
    Path dataDir,
    Path configDir,
    Optional<ExternalDatabase> database,
    int dbPoolSize,
    WhatsApp whatsapp,
    Duration persistTimeout,
    int maxBodyBytes,
    int maxInFlight,
    Duration shedAbove) {

  /** A setting that cannot be used; the message is the one line shown to the operator. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  public record ExternalDatabase(String jdbcUrl, String user, String password) {}

  /** {@code apiUrl} empty means the in-process simulator serves in Meta's place. */
  public record WhatsApp(String apiUrl, String accessToken, String appSecret, String verifyToken, Duration sendTimeout) {
    public boolean simulated() {
      return apiUrl.isEmpty();
    }
  }

  // Development defaults, used only with the simulator; a real Meta URL requires real values.
  static final String DEV_APP_SECRET = "chaupal-development-app-secret";
  static final String DEV_VERIFY_TOKEN = "chaupal-development-verify-token";
  static final String DEV_ACCESS_TOKEN = "chaupal-development-access-token";

  public static Settings from(Config root) {
    Config c = root.getConfig("chaupal");
    int port = intIn(c, "http.port", "CHAUPAL_HTTP_PORT", 1, 65535, "a TCP port number from 1 to 65535");
    Path dataDir = Path.of(string(c, "data-dir", "CHAUPAL_DATA_DIR"));
    Path configDir = Path.of(string(c, "config-dir", "CHAUPAL_CONFIG_DIR"));
    if (!Files.isDirectory(configDir)) {
      throw new Invalid("CHAUPAL_CONFIG_DIR: " + configDir.toAbsolutePath()
          + " is not a directory; expected the folder holding channels.conf, tenants/ and catalogs/ (default: project-config)");
    }
    Optional<ExternalDatabase> db = database(c);
    if (db.isEmpty()) requireWritable(dataDir);
    int pool = intIn(c, "database.pool-size", "CHAUPAL_DB_POOL_SIZE", 2, 200, "a number of connections from 2 to 200");
    WhatsApp wa = whatsapp(c);
    Duration persistTimeout = duration(c, "ingress.persist-timeout", "CHAUPAL_PERSIST_TIMEOUT");
    int maxBody = intIn(c, "ingress.max-body-bytes", "chaupal.ingress.max-body-bytes", 1024, 64 << 20, "a size in bytes");
    int maxInFlight = intIn(c, "ingress.max-in-flight", "CHAUPAL_MAX_IN_FLIGHT", 1, 1_000_000, "a whole number of requests");
    Duration shedAbove = shedAbove(c);
    int listeners = intIn(c, "http.listeners", "CHAUPAL_HTTP_LISTENERS", 1, 64, "a number of listening sockets from 1 to 64");
    HttpListeners.Deadlines deadlines = new HttpListeners.Deadlines(
        duration(c, "http.header-timeout", "CHAUPAL_HTTP_HEADER_TIMEOUT"), duration(c, "http.body-timeout", "CHAUPAL_HTTP_BODY_TIMEOUT"));
    return new Settings(httpInterface(string(c, "http.interface", "CHAUPAL_HTTP_INTERFACE").trim(), wa.simulated()), port, listeners, deadlines, dataDir, configDir, db, pool, wa,
        persistTimeout, maxBody, maxInFlight, shedAbove);
  }

  /**
   * The interface to listen on: the configured one, else loopback when the simulator runs (its
   * development secrets are published, so nobody else may reach it) and all interfaces otherwise.
   */
  static String httpInterface(String configured, boolean simulated) {
    if (!configured.isEmpty()) return configured;
    return simulated ? LOOPBACK : ALL_INTERFACES;
  }

  static final String LOOPBACK = "127.0.0.1";
  static final String ALL_INTERFACES = "0.0.0.0";

  private static WhatsApp whatsapp(Config c) {
    String url = string(c, "whatsapp.api-url", "WHATSAPP_API_URL").trim();
    String token = string(c, "whatsapp.access-token", "WHATSAPP_ACCESS_TOKEN");
    String secret = string(c, "whatsapp.app-secret", "WHATSAPP_APP_SECRET");
    String verify = string(c, "whatsapp.verify-token", "WHATSAPP_VERIFY_TOKEN");
    Duration timeout = duration(c, "whatsapp.send-timeout", "WHATSAPP_SEND_TIMEOUT");
    if (url.isEmpty()) {
      return new WhatsApp("", token.isEmpty() ? DEV_ACCESS_TOKEN : token, secret.isEmpty() ? DEV_APP_SECRET : secret,
          verify.isEmpty() ? DEV_VERIFY_TOKEN : verify, timeout);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Invalid("WHATSAPP_API_URL: \"" + url + "\" is not a URL; expected the Graph API base with its version, e.g. https://graph.facebook.com/v23.0");
    }
    if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new Invalid("WHATSAPP_API_URL: \"" + url + "\" is not an http(s) URL; expected e.g. https://graph.facebook.com/v23.0");
    }
    if (token.isBlank()) throw new Invalid("WHATSAPP_ACCESS_TOKEN: missing; a real WHATSAPP_API_URL needs the system user's access token");
    if (secret.isBlank()) throw new Invalid("WHATSAPP_APP_SECRET: missing; a real WHATSAPP_API_URL needs the app secret to verify webhook signatures");
    if (verify.isBlank()) throw new Invalid("WHATSAPP_VERIFY_TOKEN: missing; a real WHATSAPP_API_URL needs the verify token entered in Meta's webhook settings");
    return new WhatsApp(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token, secret, verify, timeout);
  }

  private static Optional<ExternalDatabase> database(Config c) {
    String url = string(c, "database.url", "DATABASE_URL").trim();
    String user = string(c, "database.user", "DATABASE_USER");
    String password = string(c, "database.password", "DATABASE_PASSWORD");
    if (url.isEmpty()) return Optional.empty();
    if (url.startsWith("jdbc:postgresql://")) return Optional.of(new ExternalDatabase(url, user, password));
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      try {
        URI uri = new URI(url);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) throw new URISyntaxException(url, "no host or database");
        String info = uri.getRawUserInfo();
        if (info != null && user.isEmpty()) {
          String[] parts = info.split(":", 2);
          user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
          if (parts.length > 1 && password.isEmpty()) password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return Optional.of(new ExternalDatabase(jdbc, user, password));
      } catch (URISyntaxException e) {
        // fall through to the one-line error below
      }
    }
    throw new Invalid("DATABASE_URL: not a PostgreSQL URL; expected jdbc:postgresql://host:5432/chaupal or postgres://user:password@host:5432/chaupal");
  }

  private static void requireWritable(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (Exception e) {
      throw new Invalid("CHAUPAL_DATA_DIR: cannot create " + dataDir.toAbsolutePath() + " (" + e.getMessage() + "); expected a writable directory for the embedded database");
    }
    if (!Files.isWritable(dataDir)) {
      throw new Invalid("CHAUPAL_DATA_DIR: " + dataDir.toAbsolutePath() + " is not writable; expected a writable directory for the embedded database");
    }
  }

  private static String string(Config c, String path, String variable) {
    try {
      return c.getString(path);
    } catch (ConfigException e) {
      throw new Invalid(variable + ": " + e.getMessage());
    }
  }

  private static int intIn(Config c, String path, String variable, int min, int max, String expected) {
    int value;
    try {
      value = c.getInt(path);
    } catch (ConfigException e) {
      throw new Invalid(variable + ": \"" + safeRaw(c, path) + "\" is not a number; expected " + expected);
    }
    if (value < min || value > max) throw new Invalid(variable + ": " + value + " is out of range; expected " + expected);
    return value;
  }

  /** A positive duration, or "off" (zero: never shed). */
  private static Duration shedAbove(Config c) {
    if ("off".equals(safeRaw(c, "ingress.shed-above"))) return Duration.ZERO;
    return duration(c, "ingress.shed-above", "CHAUPAL_SHED_ABOVE", "off (never shed) or a duration like 250ms");
  }

  private static Duration duration(Config c, String path, String variable) {
    return duration(c, path, variable, "a duration like 5s or 500ms");
  }

  private static Duration duration(Config c, String path, String variable, String expected) {
    try {
      Duration d = c.getDuration(path);
      if (d.isNegative() || d.isZero()) throw new Invalid(variable + ": must be positive; expected " + expected);
      return d;
    } catch (ConfigException e) {
      throw new Invalid(variable + ": \"" + safeRaw(c, path) + "\" is not a duration; expected " + expected);
    }
  }

  private static String safeRaw(Config c, String path) {
    try {
      return String.valueOf(c.getValue(path).unwrapped());
    } catch (ConfigException e) {
      return "";
    }
  }
}
