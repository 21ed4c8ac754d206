package chaupal.cases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Writes read-table rows directly, as the case projection would, for tests of what reads them. */
record CaseRows(DataSource dataSource) {

  /** One case row; {@code ulb}, {@code ward} and {@code assignee} may be null. */
  record Row(String number, String tenant, String ulb, String department, String category, String status,
      String assignee, int level, Integer ward, Instant filedAt, Instant dueAt, Instant updatedAt) {}

  void insert(Row r) {
    exec("INSERT INTO grievance_case (number, tenant, ulb, department, category, sub_type, kind, status, assignee, level,"
            + " ward, description, address, latitude, longitude, citizen_id, channel_id, language, filed_at, due_at,"
            + " updated_at, last_sequence) VALUES (?, ?, ?, ?, ?, NULL, 'complaint', ?, ?, ?, ?, 'no water since morning',"
            + " 'Model Town', 31.32, 75.57, '919800010001', '100000000000001', 'hi', ?, ?, ?, 1)",
        r.number(), r.tenant(), r.ulb(), r.department(), r.category(), r.status(), r.assignee(), r.level(), r.ward(),
        at(r.filedAt()), at(r.dueAt()), at(r.updatedAt()));
  }

  void history(String number, long sequence, Instant at, String by, String step, String status, String note) {
    exec("INSERT INTO grievance_case_history (number, sequence, at, by_whom, step, status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        number, sequence, at(at), by, step, status, note);
  }

  void attachment(String number, String id, String mediaId, Instant at) {
    exec("INSERT INTO grievance_case_attachment (number, id, kind, media_id, mime_type, added_by, added_at)"
        + " VALUES (?, ?, 'photo', ?, 'image/jpeg', 'citizen', ?)", number, id, mediaId, at(at));
  }

  void message(String number, long sequence, Instant at, String direction, String text) {
    exec("INSERT INTO grievance_case_message (number, sequence, at, direction, text) VALUES (?, ?, ?, ?, ?)",
        number, sequence, at(at), direction, text);
  }

  void exec(String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
