package chaupal.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes case rows into the read table directly, as the case projection would: a few chosen ones for
 * the queue's tests, or many made-up ones (the 10,000 of the queue benchmark) in batches.
 */
record QueueCases(DataSource dataSource) {

  /** One case of Punjab; {@code ward} and {@code assignee} may be null. */
  record Case(String number, String ulb, String department, String category, String status, String assignee, int level,
      Integer ward, String description, Instant filedAt, Instant dueAt, Instant updatedAt) {}

  static final List<String> ULBS = List.of("pb.jalandhar", "pb.phagwara", "pb.amritsar", "pb.hoshiarpur", "pb.zirakpur");
  private static final List<String> DEPARTMENTS = List.of("street-lights", "sanitation", "water-sewerage");
  private static final List<String> CATEGORIES = List.of("street-lights", "garbage", "water-sewerage");
  private static final List<String> STATUSES = List.of("registered", "assigned", "in-progress", "resolved", "closed-resolved");

  void insert(Case... cases) {
    insert(List.of(cases));
  }

  void insert(List<Case> cases) {
    String sql = "INSERT INTO grievance_case (number, tenant, ulb, department, category, kind, status, assignee, level, ward,"
        + " description, address, latitude, longitude, citizen_id, channel_id, language, filed_at, due_at, updated_at, last_sequence)"
        + " VALUES (?, 'punjab', ?, ?, ?, 'complaint', ?, ?, ?, ?, ?, 'Model Town', 31.32, 75.57, ?, '100000000000001', 'hi', ?, ?, ?, 1)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (Case k : cases) {
        ps.setString(1, k.number());
        ps.setString(2, k.ulb());
        ps.setString(3, k.department());
        ps.setString(4, k.category());
        ps.setString(5, k.status());
        ps.setString(6, k.assignee());
        ps.setInt(7, k.level());
        ps.setObject(8, k.ward());
        ps.setString(9, k.description());
        ps.setString(10, "9198000" + String.format("%05d", n % 100_000));
        ps.setObject(11, k.filedAt().atOffset(ZoneOffset.UTC));
        ps.setObject(12, k.dueAt().atOffset(ZoneOffset.UTC));
        ps.setObject(13, k.updatedAt().atOffset(ZoneOffset.UTC));
        ps.addBatch();
        if (++n % 1000 == 0) ps.executeBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("could not seed the case read table: " + e.getMessage(), e);
    }
  }

  /** {@code count} made-up cases spread over five ULBs, three departments, statuses and the last 30 days. */
  void seed(int count, Instant now) {
    List<Case> cases = new java.util.ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String ulb = ULBS.get(i % ULBS.size());
      String prefix = ulb.substring(3, 6).toUpperCase(java.util.Locale.ROOT);
      int d = i % DEPARTMENTS.size();
      Instant filed = now.minus(Duration.ofMinutes((long) i * 4));
      String status = STATUSES.get(i % STATUSES.size());
      cases.add(new Case(prefix + "-26-" + String.format("%06d", i), ulb, DEPARTMENTS.get(d), CATEGORIES.get(d), status,
          status.equals("registered") ? null : ulb.substring(3) + "-" + DEPARTMENTS.get(d), i % 7 == 0 ? 1 : 0, 1 + i % 40,
          "Made-up complaint " + i + ": the street light near the park is out", filed, filed.plus(Duration.ofHours(72)), filed));
    }
    insert(cases);
  }
}
