package chaupal.platform;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;
import static chaupal.Setting.string;

import chaupal.Setting.Invalid;
import chaupal.ingress.IngressSettings;
import chaupal.platform.logging.LogFormat;
import chaupal.whatsapp.CloudApiSettings;
import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's own settings (HTTP, directories, database) and, read by their parts, the Cloud API's
 * and the ingress's: all read once at start-up and checked, so a bad one stops start-up before
 * anything runs, with one line that names the environment variable and says what is expected.
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
    CloudApiSettings whatsapp,
    IngressSettings ingress) {

  public record ExternalDatabase(String jdbcUrl, String user, String password) {}

  public static Settings from(Config root) {
    Config c = root.getConfig("chaupal");
    int port = intIn(c, "http.port", "CHAUPAL_HTTP_PORT", 1, 65535, "a TCP port number from 1 to 65535");
    Path dataDir = Path.of(string(c, "data-dir", "CHAUPAL_DATA_DIR"));
    Path configDir = Path.of(string(c, "config-dir", "CHAUPAL_CONFIG_DIR"));
    if (!Files.isDirectory(configDir)) {
      throw new Invalid("CHAUPAL_CONFIG_DIR: " + configDir.toAbsolutePath()
          + " is not a directory; expected the folder holding channels.conf, tenants/ and catalogs/ (default: project-config)");
    }
    if (LogFormat.named(string(c, "log-format", LogFormat.VARIABLE)).isEmpty()) {
      throw new Invalid(LogFormat.VARIABLE + ": \"" + c.getString("log-format") + "\" is not a log format; expected " + LogFormat.EXPECTED);
    }
    Optional<ExternalDatabase> db = database(c);
    if (db.isEmpty()) requireWritable(dataDir);
    int pool = intIn(c, "database.pool-size", "CHAUPAL_DB_POOL_SIZE", 2, 200, "a number of connections from 2 to 200");
    CloudApiSettings wa = CloudApiSettings.from(c.getConfig("whatsapp"));
    IngressSettings ingress = IngressSettings.from(c.getConfig("ingress"));
    int listeners = intIn(c, "http.listeners", "CHAUPAL_HTTP_LISTENERS", 1, 64, "a number of listening sockets from 1 to 64");
    HttpListeners.Deadlines deadlines = new HttpListeners.Deadlines(
        duration(c, "http.header-timeout", "CHAUPAL_HTTP_HEADER_TIMEOUT"), duration(c, "http.body-timeout", "CHAUPAL_HTTP_BODY_TIMEOUT"));
    return new Settings(httpInterface(string(c, "http.interface", "CHAUPAL_HTTP_INTERFACE").trim(), wa.simulated()), port, listeners, deadlines, dataDir, configDir, db, pool, wa, ingress);
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

}
