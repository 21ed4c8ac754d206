package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

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
  void embeddedDatabaseKeepsItsDataAcrossRestarts() throws Exception {
    Path dir = Files.createTempDirectory("chaupal-data");
    try {
      reopen(dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void embeddedDatabaseCommitsDurably() throws Exception {
    Path dir = Files.createTempDirectory("chaupal-data");
    try (Database db = Database.embedded(dir, 2); Connection c = db.dataSource().getConnection();
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
      rs.next();
      // An acknowledged message must survive a crash of the database or the machine.
      assertEquals("on", rs.getString(1));
      assertEquals("on", rs.getString(2));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
