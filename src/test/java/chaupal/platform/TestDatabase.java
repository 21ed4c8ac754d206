package chaupal.platform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL for the whole test run; each test class gets its own database, cloned
 * from a migrated template so that no class pays for the migrations or sees another's rows.
 */
public final class TestDatabase {

  private static final String TEMPLATE = "chaupal_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setDataDirectory(Files.createTempDirectory("chaupal-test-pg"))
            .setCleanDataDirectory(true)
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
        DataSource admin = server.getPostgresDatabase();
        exec(admin, "CREATE DATABASE " + TEMPLATE);
        Flyway.configure().dataSource(server.getDatabase("postgres", TEMPLATE))
            .locations("classpath:db/migration").load().migrate();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException ignored) {
            // the JVM is going away; the temp directory goes with it
          }
        }));
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }

  /**
   * A fresh, migrated database named after the test, e.g. {@code t3_citizen_entity_test}; one copy of
   * the template at a time, as tests may run side by side.
   */
  public static synchronized Database create(String testName) {
    EmbeddedPostgres pg = server();
    String name = "t" + COUNTER.incrementAndGet() + "_" + testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (name.length() > 60) name = name.substring(0, 60);
    exec(pg.getPostgresDatabase(), "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return Database.external(pg.getJdbcUrl("postgres", name), "postgres", "", 10);
  }

  /** Akka config pointing persistence at this database, on top of the test's own config. */
  public static Config akkaConfig(Database db, Config testConfig) {
    return testConfig.withFallback(ConfigFactory.parseMap(db.akkaOverrides())).withFallback(ConfigFactory.load()).resolve();
  }

  /** Reads the answer of one query with these parameters. */
  public static <T> T query(Database db, String sql, Read<T> read, Object... params) {
    try (Connection c = db.dataSource().getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return read.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public interface Read<T> {
    T read(java.sql.ResultSet rs) throws SQLException;
  }

  private static void exec(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
