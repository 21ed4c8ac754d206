package chaupal.console;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.citizen.Retention;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The officials' audit log against the two retention sweeps: the citizens' one never touches it, its own removes only old records. */
class AuditRetentionTest {

  private static final Instant NOW = Instant.now();
  private static final Instant FOUR_YEARS_AGO = NOW.atOffset(ZoneOffset.UTC).minusYears(4).toInstant();
  private static final Instant TWO_YEARS_AGO = NOW.atOffset(ZoneOffset.UTC).minusYears(2).toInstant();

  @Test
  void theCitizensSweepLeavesTheAuditLogAndTheAuditSweepRemovesOnlyRecordsOlderThanItsRetention() throws Exception {
    try (Database db = TestDatabase.create("audit_retention"); Connection c = db.dataSource().getConnection()) {
      record(db, FOUR_YEARS_AGO, "state.admin", "case.resolve");
      record(db, TWO_YEARS_AGO, "state.admin", "case.assign");
      record(db, NOW.minus(Duration.ofDays(1)), "ulb.admin", "case.note");
      citizenEvent(c, "Citizen|919800010001", FOUR_YEARS_AGO);

      Retention.Swept citizens = new Retention(db.dataSource(), Duration.ofDays(30), List.of()).sweep(NOW);

      assertEquals(1, citizens.citizens(), "the silent citizen is forgotten");
      assertEquals(3, count(c, "SELECT count(*) FROM audit_record"), "forgetting citizens never touches what officials did");

      assertEquals(1, new AuditRetention(db.dataSource(), Period.ofYears(3)).sweep(NOW));

      assertEquals(List.of("case.assign", "case.note"), actions(c));
      assertEquals(0, new AuditRetention(db.dataSource(), Period.ofYears(3)).sweep(NOW), "idempotent");
    }
  }

  @Test
  void theLogStaysAppendOnlyForEverythingButTheSweep() throws Exception {
    try (Database db = TestDatabase.create("audit_append_only"); Connection c = db.dataSource().getConnection()) {
      record(db, FOUR_YEARS_AGO, "state.admin", "case.resolve");
      assertRefused(c, "DELETE FROM audit_record");
      assertRefused(c, "UPDATE audit_record SET outcome = 'ok'");
      assertRefused(c, "TRUNCATE audit_record");
      // A transaction that declares a cutoff less than 180 days ago is refused by the database itself.
      c.setAutoCommit(false);
      exec(c, "SELECT set_config('chaupal.audit_cutoff', '" + NOW.minus(Duration.ofDays(10)) + "', true)");
      assertRefused(c, "DELETE FROM audit_record");
      c.rollback();
      c.setAutoCommit(true);
      assertEquals(1, count(c, "SELECT count(*) FROM audit_record"));
    }
  }

  @Test
  void aRetentionUnder180DaysIsRefusedAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuditRetention(null, Period.ofDays(90)));
    assertTrue(e.getMessage().contains("CHAUPAL_AUDIT_RETENTION"), e.getMessage());
  }

  private static void record(Database db, Instant at, String actor, String action) {
    new AuditLog(db.dataSource(), Runnable::run, Clock.fixed(at, ZoneOffset.UTC))
        .write(new AuditLog.Entry(actor, action, null, "amritsar", "ok", null)).toCompletableFuture().join();
  }

  private static void citizenEvent(Connection c, String pid, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, writer, "
        + "write_timestamp, event_ser_id, event_ser_manifest, event_payload) VALUES (?, 1, 'test', ?, 1, '', '\\x00')")) {
      ps.setString(1, pid);
      ps.setLong(2, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static void assertRefused(Connection c, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> exec(c, sql), sql);
    assertTrue(e.getMessage().contains("append-only"), e.getMessage());
  }

  private static List<String> actions(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT action FROM audit_record ORDER BY at")) {
      List<String> actions = new ArrayList<>();
      while (rs.next()) actions.add(rs.getString(1));
      return actions;
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
