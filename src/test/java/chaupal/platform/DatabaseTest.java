package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @Test
  void eachTestClassGetsAMigratedDatabaseOfItsOwn() throws Exception {
    try (Database a = TestDatabase.create("a"); Database b = TestDatabase.create("b")) {
      assertNotEquals(a.jdbcUrl(), b.jdbcUrl());
      assertTrue(a.jdbcUrl().contains("reWriteBatchedInserts=true"));
      try (Connection c = a.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO akka_projection_management VALUES ('p','k',false,0)");
      }
      try (Connection c = b.dataSource().getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM akka_projection_management")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void embeddedDatabaseKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
    reopen(dir);
  }

  @Test
  void embeddedDatabaseCommitsDurably(@TempDir Path dir) throws Exception {
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
      rs.next();
      // An acknowledged message must survive a crash of the database or the machine.
      assertEquals("on", rs.getString(1));
      assertEquals("on", rs.getString(2));
    }
  }

  @Test
  void coordinatedShutdownClosesTheDatabaseAfterEverythingThatStillWritesToIt() throws Exception {
    Database db = TestDatabase.create("shutdown_order");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "shutdown-order",
        ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));
    Main.closeLast(system, db);
    AtomicReference<String> duringDrain = new AtomicReference<>();
    // Where sharding hands over and the outbox records the outcomes of its last sends.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterShardingShutdownRegion(), "record-outcomes",
        () -> CompletableFuture.supplyAsync(() -> {
          try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
               ResultSet rs = s.executeQuery("SELECT 'still open'")) {
            rs.next();
            duringDrain.set(rs.getString(1));
          } catch (Exception e) {
            duringDrain.set(e.toString());
          }
          return Done.getInstance();
        }));
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals("still open", duringDrain.get());
    assertThrows(SQLException.class, () -> db.dataSource().getConnection(), "closed by the time shutdown completes");
  }

  @Test
  void onlyItsOwnChaupalGetsIntoTheEmbeddedDatabase(@TempDir Path dir) throws Exception {
    try (Database db = Database.embedded(dir, 2)) {
      Path passwordFile = dir.resolve(EmbeddedAccess.PASSWORD_FILE);
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile));
      String password = Files.readAllLines(passwordFile).get(0);
      assertTrue(password.length() >= 40, "a long random password");
      String url = db.jdbcUrl();
      // What any other local user or process could try: no password, a wrong one, the Unix socket.
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close());
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "postgres").close());
      try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories')")) {
        rs.next();
        assertEquals("localhost", rs.getString(1));
        assertEquals("", rs.getString(2));
      }
      String hba = Files.readString(dir.resolve("postgres").resolve("pg_hba.conf"));
      assertFalse(hba.contains("trust"), hba);
      assertTrue(hba.lines().filter(l -> !l.startsWith("#")).allMatch(l -> l.startsWith("host") && l.endsWith("scram-sha-256")), hba);
    }
  }

  @Test
  void aPasswordFileLeftEmptyByACrashIsMadeAnewAndTheDataKept(@TempDir Path dir) throws Exception {
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO akka_projection_management VALUES ('kept','k',false,0)");
    }
    Path passwordFile = dir.resolve(EmbeddedAccess.PASSWORD_FILE);
    Files.writeString(passwordFile, ""); // what a crash between creating and writing it leaves
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM akka_projection_management WHERE projection_name = 'kept'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
      String password = Files.readString(passwordFile).trim();
      assertTrue(password.length() >= 40, "a new password: " + password);
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile));
      DriverManager.getConnection(db.jdbcUrl(), "postgres", password).close();
      assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "").close());
    }
  }

  @Test
  void aDirectoryOfTheTrustLayoutIsUpgradedInPlace(@TempDir Path dir) throws Exception {
    Path pgDir = dir.resolve("postgres");
    Files.createDirectories(pgDir);
    // The embedded database as the version before passwords made it: initdb's trust, no password.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false)
        .setRegisterShutdownHook(false).start()) {
      Database.createDatabaseIfMissing(old.getPostgresDatabase(), Database.EMBEDDED_DB_NAME);
      try (Database before = Database.external(old.getJdbcUrl("postgres", Database.EMBEDDED_DB_NAME), "postgres", "", 2);
           Connection c = before.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO akka_projection_management VALUES ('kept','k',false,0)");
      }
    }
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT projection_key FROM akka_projection_management WHERE projection_name = 'kept'")) {
      assertTrue(rs.next());
      assertEquals("k", rs.getString(1));
      assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "").close());
    }
    // And the next start finds it upgraded: the password from the file still lets Chaupal in.
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM akka_projection_management WHERE projection_name = 'kept'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
      assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "").close());
    }
  }

  @Test
  void aStalePidFileDoesNotBlockTheStartAndItsProcessIsLeftAlone(@TempDir Path dir) throws Exception {
    Database.embedded(dir, 2).close();
    // After a power loss the pid in postmaster.pid may belong to another program by now.
    Process other = new ProcessBuilder("sleep", "120").start();
    try {
      Path pidFile = dir.resolve("postgres").resolve("postmaster.pid");
      Files.writeString(pidFile, other.pid() + "\n" + dir.resolve("postgres").toAbsolutePath() + "\n1750000000\n5432\n");
      try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection()) {
        assertTrue(c.isValid(5));
        assertTrue(other.isAlive(), "the program that reuses the pid is not stopped");
        assertNotEquals(Long.toString(other.pid()), Files.readAllLines(pidFile).get(0).trim());
      }
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aSecondStartOnALiveDataDirectoryIsRefusedAndTheFirstKeepsServing(@TempDir Path dir) throws Exception {
    try (Database first = Database.embedded(dir, 2)) {
      Path pidFile = dir.resolve("postgres").resolve("postmaster.pid");
      String before = Files.readString(pidFile);
      DataDirectoryLock.InUse refused = assertThrows(DataDirectoryLock.InUse.class, () -> Database.embedded(dir, 2));
      assertTrue(refused.getMessage().contains("in use by another running Chaupal"), refused.getMessage());
      assertEquals(before, Files.readString(pidFile), "the running PostgreSQL was not touched");
      try (Connection c = first.dataSource().getConnection()) {
        assertTrue(c.isValid(5));
      }
    }
  }

  private static void reopen(Path dir) throws Exception {
    try (Database first = Database.embedded(dir, 2); Connection c = first.dataSource().getConnection();
         Statement s = c.createStatement()) {
      s.execute("INSERT INTO akka_projection_management VALUES ('kept','k',false,0)");
    }
    try (Database second = Database.embedded(dir, 2); Connection c = second.dataSource().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM akka_projection_management WHERE projection_name = 'kept'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }
}
