package chaupal.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that holds journals, snapshots, offsets and read tables: an external server when
 * {@code DATABASE_URL} is set, otherwise an embedded one whose data lives under the data directory
 * and survives restarts. Every table comes from a Flyway migration in {@code db/migration}.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  static final String EMBEDDED_DB_NAME = "chaupal";

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final int poolSize;
  private final EmbeddedPostgres embedded;
  private final DataDirectoryLock lock;
  private final HikariDataSource dataSource;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(String jdbcUrl, String user, String password, int poolSize, EmbeddedPostgres embedded, DataDirectoryLock lock) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.poolSize = poolSize;
    this.embedded = embedded;
    this.lock = lock;
    this.dataSource = pool(jdbcUrl, user, password, poolSize);
  }

  /** Connects to an external PostgreSQL, then migrates it. */
  public static Database external(String jdbcUrl, String user, String password, int poolSize) {
    Database db = new Database(withBatchRewrite(jdbcUrl), user, password, poolSize, null, null);
    db.migrate();
    return db;
  }

  /**
   * Starts (or reopens) the embedded PostgreSQL under {@code dataDir/postgres}, then migrates it.
   * Holds {@code dataDir} against a second Chaupal, first stops a PostgreSQL that a crashed run
   * left on it, and connects with the password kept in {@code dataDir/postgres-password}.
   */
  public static Database embedded(Path dataDir, int poolSize) {
    Path pgDir = dataDir.resolve("postgres");
    DataDirectoryLock lock;
    try {
      lock = DataDirectoryLock.acquire(dataDir, pgDir);
    } catch (IOException e) {
      throw new IllegalStateException("could not lock " + dataDir.resolve(DataDirectoryLock.FILE).toAbsolutePath() + ": " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(pgDir);
      LeftoverPostmaster.clear(pgDir, Duration.ofSeconds(60));
      EmbeddedAccess.Password password = EmbeddedAccess.password(dataDir.resolve(EmbeddedAccess.PASSWORD_FILE));
      boolean made = !Files.exists(pgDir.resolve("postgresql.conf"));
      // A directory of an earlier version (trust), or one whose password file was lost: set it anew.
      boolean setPassword = !made && (password.madeNow() || !EmbeddedAccess.passwordRequired(pgDir));
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(pgDir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          // The library's own JVM shutdown hook stopped PostgreSQL while Akka's coordinated shutdown
          // still drained the outbox: outcomes of replies already sent went unrecorded, and the
          // replies were sent again after the restart. Main closes the database after the drain.
          .setRegisterShutdownHook(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", "on")
          // The library defaults to off, made for throw-away test databases: a commit would return
          // before its WAL is on disk, and a crash could lose messages already answered 200.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "localhost")
          .setServerConfig("unix_socket_directories", "''")
          .setServerConfig("password_encryption", "scram-sha-256")
          // The library hands its "locale" settings to initdb as --name=value: a new directory's
          // superuser has the password from the start, so it never runs with trust.
          .setLocaleConfig("pwfile", password.file().toAbsolutePath().toString())
          .setConnectConfig("password", password.value())
          .setDataDirectoryCustomizer(dir -> {
            if (setPassword) EmbeddedAccess.trustUntilPasswordSet(pgDir);
            else EmbeddedAccess.requirePassword(pgDir);
          })
          .start();
      if (setPassword) EmbeddedAccess.setPassword(pg.getPostgresDatabase(), pgDir, password);
      createDatabaseIfMissing(pg.getPostgresDatabase(), EMBEDDED_DB_NAME);
      String url = withBatchRewrite(pg.getJdbcUrl("postgres", EMBEDDED_DB_NAME));
      log.info("Embedded PostgreSQL 17 started on port {} with data in {}", pg.getPort(), pgDir.toAbsolutePath());
      Database db = new Database(url, "postgres", password.value(), poolSize, pg, lock);
      db.migrate();
      return db;
    } catch (IOException | RuntimeException e) {
      lock.close();
      if (e instanceof RuntimeException r) throw r;
      throw new IllegalStateException("could not start the embedded PostgreSQL in " + pgDir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  static void createDatabaseIfMissing(DataSource admin, String name) {
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (rs.next()) return;
      }
      s.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
    }
  }

  private static HikariDataSource pool(String url, String user, String password, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setPassword(password);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(Math.min(2, size));
    cfg.setPoolName("chaupal");
    cfg.setConnectionTimeout(10_000);
    cfg.setAutoCommit(true);
    return new HikariDataSource(cfg);
  }

  /** The driver rewrites batched inserts into multi-row statements: far fewer round trips for the journal. */
  static String withBatchRewrite(String url) {
    if (url.contains("reWriteBatchedInserts")) return url;
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /** Every new migration has a higher version than every one a released Chaupal applied: Flyway refuses one below. */
  public void migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** Pool for our own JDBC work (projections, read tables); run it on a blocking dispatcher, never on actor threads. */
  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Settings that point akka-persistence-jdbc's shared Slick database at this PostgreSQL. */
  public Map<String, Object> akkaOverrides() {
    Map<String, Object> m = new HashMap<>();
    String base = "akka-persistence-jdbc.shared-databases.default.db.";
    m.put(base + "url", jdbcUrl);
    m.put(base + "user", user);
    m.put(base + "password", password);
    return m;
  }

  /** Closes the pool, then stops the embedded PostgreSQL if there is one and lets go of its data directory; only the first call does anything. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    dataSource.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
      lock.close();
    }
  }
}
