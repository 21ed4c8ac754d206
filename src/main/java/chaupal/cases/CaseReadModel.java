package chaupal.cases;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes the case events into the read tables (grievance_case and its history, attachments and
 * messages) in the projection's transaction, so rows and offset commit together: exactly once.
 * The citizen's words are "in" lines; what each citizen-facing step told them, an "out" line.
 */
final class CaseReadModel extends JdbcHandler<List<EventEnvelope<Case.Event>>, CaseSession> {

  private static final String INSERT_CASE = """
      INSERT INTO grievance_case (number, tenant, ulb, department, category, sub_type, kind, status, assignee, level, ward,
        description, address, landmark, latitude, longitude, citizen_id, channel_id, language, filed_at, due_at, updated_at,
        last_sequence)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (number) DO NOTHING""";

  private static final String UPDATE_CASE = """
      UPDATE grievance_case SET status = ?, assignee = ?, level = ?, due_at = ?, updated_at = ?, last_sequence = ?,
        rating = COALESCE(?, rating)
      WHERE number = ? AND last_sequence < ?""";

  private static final String INSERT_HISTORY = """
      INSERT INTO grievance_case_history (number, sequence, at, by_whom, step, status, note, assignee)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

  private static final String INSERT_ATTACHMENT = """
      INSERT INTO grievance_case_attachment (number, id, kind, media_id, mime_type, added_by, added_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

  private static final String INSERT_MESSAGE = """
      INSERT INTO grievance_case_message (number, sequence, at, direction, text) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

  private final CaseLag lag;

  CaseReadModel(CaseLag lag) {
    this.lag = lag;
  }

  @Override
  public void process(CaseSession session, List<EventEnvelope<Case.Event>> envelopes) throws Exception {
    session.withConnection(c -> {
      for (EventEnvelope<Case.Event> envelope : envelopes) write(c, number(envelope.persistenceId()), envelope.sequenceNr(), envelope.event());
      return null;
    });
    // Written, not yet committed: the commit follows with the offset's, in the same transaction.
    long now = System.currentTimeMillis();
    for (EventEnvelope<Case.Event> envelope : envelopes) lag.shown(envelope.timestamp(), now);
  }

  static String number(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }

  private static void write(Connection c, String number, long seq, Case.Event e) throws SQLException {
    Case.Standing after = e.after();
    if (e instanceof Case.Registered r) {
      CaseFiling f = r.filing();
      update(c, INSERT_CASE, number, f.tenant(), f.ulb(), r.department(), f.category(), f.subType(), f.kind(),
          after.status().key(), after.assignee(), after.level(), f.ward(), f.description(), f.address(), f.landmark(),
          f.latitude(), f.longitude(), f.citizenId(), f.channelId(), f.language(), at(f.filedAtMillis()),
          at(after.dueAtMillis()), at(e.atMillis()), seq);
      int n = 0;
      for (CaseFiling.Attachment a : f.attachments()) {
        update(c, INSERT_ATTACHMENT, number, "c" + ++n, a.kind(), a.mediaId(), a.mimeType(), e.by(), at(e.atMillis()));
      }
      if (f.description() != null && !f.description().isBlank()) message(c, number, seq, e, "in", f.description());
    } else {
      Integer rating = e instanceof Case.Rated rated ? rated.stars() : null;
      update(c, UPDATE_CASE, after.status().key(), after.assignee(), after.level(), at(after.dueAtMillis()), at(e.atMillis()),
          seq, rating, number, seq);
    }
    if (e instanceof Case.Answered a) {
      int n = 0;
      for (CaseFiling.Attachment file : a.attachments()) {
        update(c, INSERT_ATTACHMENT, number, "a" + seq + "-" + ++n, file.kind(), file.mediaId(), file.mimeType(), e.by(), at(e.atMillis()));
      }
    }
    if (e instanceof Case.Resolved r && r.photoMediaId() != null) {
      update(c, INSERT_ATTACHMENT, number, "r" + seq, "photo", r.photoMediaId(), null, e.by(), at(e.atMillis()));
    }
    if (Case.CITIZEN.equals(e.by()) && !(e instanceof Case.Registered) && e.note() != null && !e.note().isBlank()) {
      message(c, number, seq, e, "in", e.note());
    }
    String told = toldTheCitizen(e);
    if (told != null) message(c, number, seq, e, "out", told);
    update(c, INSERT_HISTORY, number, seq, at(e.atMillis()), e.by(), e.step(), after.status().key(), e.note(), after.assignee());
  }

  /** The gist of what the citizen hears of a step, for officials reading the exchange; null for internal steps. */
  static String toldTheCitizen(Case.Event e) {
    Case.Standing after = e.after();
    return switch (e.step()) {
      case "registered" -> "Case registered with " + ((Case.Registered) e).department() + ", due by " + readable(after.dueAtMillis());
      case "assigned" -> "Assigned to " + after.assignee();
      case "reassigned" -> "Back in the department's queue";
      case "started" -> "Work has started";
      case "resolved" -> "Resolved" + (e.note() == null ? "" : ": " + e.note());
      case "rejected" -> "Rejected: " + e.note();
      case "escalated" -> "Escalated to level " + after.level() + ", due by " + readable(after.dueAtMillis());
      case "reopened" -> "Reopened, due by " + readable(after.dueAtMillis());
      case "asked" -> "Question: " + e.note();
      case "closed" -> "Closed with a rating of " + ((Case.Rated) e).stars() + " of 5";
      default -> null;
    };
  }

  private static final java.time.format.DateTimeFormatter READABLE =
      java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'IST'", java.util.Locale.ENGLISH);

  /** A deadline as an official reads it in the exchange: "5 Dec 2026, 22:05 IST". */
  static String readable(long millis) {
    return READABLE.format(Instant.ofEpochMilli(millis).atZone(Case.ZONE));
  }

  private static void message(Connection c, String number, long seq, Case.Event e, String direction, String text) throws SQLException {
    update(c, INSERT_MESSAGE, number, seq, at(e.atMillis()), direction, text);
  }

  private static OffsetDateTime at(long millis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static void update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.executeUpdate();
    }
  }
}
