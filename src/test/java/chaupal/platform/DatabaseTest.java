package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
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
