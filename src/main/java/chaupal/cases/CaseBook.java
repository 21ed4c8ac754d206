package chaupal.cases;

import chaupal.StorableText;
import chaupal.cases.CaseDesk.Refused.Reason;
import chaupal.db.BlockingSql;
import chaupal.tenancy.Official;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The officials' desk over the case read tables: it reads and lists cases within the actor's scope
 * (a case outside it does not exist for them), checks an act (role, assignee, texts) and hands it
 * to the Case entity through {@link CaseCommands}. JDBC runs on the blocking executor.
 */
public final class CaseBook implements CaseDesk {

  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  public static final int MAX_TEXT_LENGTH = 2000;

  /** Times are shown as Indian officials read them. */
  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

  private static final String COLUMNS = "number, tenant, ulb, department, category, sub_type, kind, status, assignee, level,"
      + " filed_at, due_at, updated_at, description, address, latitude, longitude, ward, rating";

  private static final Map<String, String> SORTS = Map.of(
      "filed", "filed_at ASC, number ASC",
      "-filed", "filed_at DESC, number DESC",
      "due", "due_at ASC, number ASC",
      "-due", "due_at DESC, number DESC",
      "updated", "updated_at ASC, number ASC",
      "-updated", "updated_at DESC, number DESC");

  static final String[] OPEN_STATUSES =
      Arrays.stream(CaseStatus.values()).filter(CaseStatus::open).map(CaseStatus::key).toArray(String[]::new);

  private final DataSource dataSource;
  private final Executor blocking;
  private final Function<String, List<Official>> officials;
  private final CaseCommands commands;
  private final BiFunction<String, String, CompletionStage<Optional<Attachment>>> media;
  private final Clock clock;

  /**
   * @param blocking where JDBC runs ({@link BlockingSql#executor})
   * @param officials a tenant's officials ({@code directory::officials}), for checking an assignee
   * @param media an attachment's bytes by case number and media id
   */
  public CaseBook(DataSource dataSource, Executor blocking, Function<String, List<Official>> officials,
      CaseCommands commands, BiFunction<String, String, CompletionStage<Optional<Attachment>>> media, Clock clock) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.officials = officials;
    this.commands = commands;
    this.media = media;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Page> list(Actor actor, Filter filter) {
    int size = filter.size() == 0 ? DEFAULT_PAGE_SIZE : filter.size();
    String order = SORTS.get(filter.sort() == null ? "-filed" : filter.sort());
    if (order == null) return refused(Reason.INVALID, "sort", "sort must be one of filed, -filed, due, -due, updated, -updated");
    if (filter.page() < 0) return refused(Reason.INVALID, "page", "page counts from 0");
    if (size < 1 || size > MAX_PAGE_SIZE) {
      return refused(Reason.INVALID, "size", "size must be between 1 and " + MAX_PAGE_SIZE);
    }
    return filtered(actor, filter, (query, now) -> BlockingSql.run(dataSource, blocking, c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM grievance_case" + query.whereClause())) {
        query.bind(c, ps);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      String sql = "SELECT " + COLUMNS + " FROM grievance_case" + query.whereClause() + " ORDER BY " + order + " LIMIT ? OFFSET ?";
      return new Page(views(c, sql, query, now, size, (long) filter.page() * size), total, filter.page(), size);
    }));
  }

  @Override
  public CompletionStage<List<View>> changedSince(Actor actor, Filter filter, Instant since, int limit) {
    return filtered(actor, filter, (query, now) -> {
      query.where("updated_at > ?", OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      String sql = "SELECT " + COLUMNS + " FROM grievance_case" + query.whereClause() + " ORDER BY updated_at, number LIMIT ?";
      return BlockingSql.run(dataSource, blocking, c -> views(c, sql, query, now, limit));
    });
  }

  /** Runs {@code then} with the scope's and the filter's conditions, or refuses a filter value the desk does not know. */
  private <T> CompletionStage<T> filtered(Actor actor, Filter filter, BiFunction<CaseQuery, OffsetDateTime, CompletionStage<T>> then) {
    OffsetDateTime now = now();
    try {
      return then.apply(conditions(actor, filter, now), now);
    } catch (Refused r) {
      return CompletableFuture.failedFuture(r);
    }
  }

  /** The cases {@code sql} selects, its parameters those of {@code query} followed by {@code more}. */
  private static List<View> views(Connection c, String sql, CaseQuery query, OffsetDateTime now, Object... more) throws SQLException {
    List<View> views = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int next = query.bind(c, ps);
      for (Object value : more) ps.setObject(next++, value);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) views.add(view(rs, now));
      }
    }
    return views;
  }

  /** The actor's scope and the filter's conditions; refused when a filter value is not one the desk knows. */
  private static CaseQuery conditions(Actor actor, Filter filter, OffsetDateTime now) {
    CaseQuery query = new CaseQuery();
    CaseScope.of(actor).restrict(query);
    if (filter.status() != null) {
      if (filter.status().equals("open")) query.whereIn("status", OPEN_STATUSES);
      else if (status(filter.status()).isPresent()) query.where("status = ?", filter.status());
      else throw new Refused(Reason.INVALID, "status", "status must be open or one of " + String.join(", ", statusKeys()));
    }
    if (filter.ulb() != null) query.where("ulb = ?", filter.ulb());
    if (filter.department() != null) query.where("department = ?", filter.department());
    if (filter.category() != null) query.where("category = ?", filter.category());
    if (filter.assignee() != null) query.where("assignee = ?", filter.assignee());
    if (filter.ward() != null) query.where("ward = ?", filter.ward());
    if (filter.overdue() != null) {
      String late = "(status = ANY(?) AND due_at < ?)";
      query.where(filter.overdue() ? late : "NOT " + late, OPEN_STATUSES, now);
    }
    if (filter.escalated() != null) query.where(filter.escalated() ? "level > 0" : "level = 0");
    if (filter.olderThanDays() != null) {
      if (filter.olderThanDays() < 0) throw new Refused(Reason.INVALID, "age", "age counts days from 0");
      query.where("filed_at < ?", now.minusDays(filter.olderThanDays()));
    }
    if (filter.text() != null && !filter.text().isBlank()) {
      String words = "%" + filter.text().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      query.where("(number = ? OR description ILIKE ? OR address ILIKE ?)", filter.text().trim().toUpperCase(java.util.Locale.ROOT),
          words, words);
    }
    return query;
  }

  @Override
  public CompletionStage<Optional<Detail>> get(Actor actor, String number) {
    return BlockingSql.run(dataSource, blocking, c -> {
      Optional<View> found = find(c, actor, number);
      if (found.isEmpty()) return Optional.empty();
      return Optional.of(new Detail(found.get(), history(c, number), attachments(c, number), messages(c, number)));
    });
  }

  @Override
  public CompletionStage<View> act(Actor actor, String number, Act act) {
    return BlockingSql.run(dataSource, blocking, c -> find(c, actor, number))
        .thenCompose(found -> {
          if (found.isEmpty()) throw notFound(number);
          if (!mayAct(actor.role())) {
            throw new Refused(Reason.FORBIDDEN, null, "an observer may read cases but not act on them");
          }
          if (act instanceof Act.Assign assign && assign.official() != null) checkAssignee(actor, found.get(), assign.official());
          checkTexts(act);
          return commands.act(number, actor, act);
        });
  }

  @Override
  public CompletionStage<Optional<Attachment>> attachment(Actor actor, String number, String attachmentId) {
    return BlockingSql.run(dataSource, blocking, c -> {
      if (find(c, actor, number).isEmpty()) return Optional.<String>empty();
      try (PreparedStatement ps = c.prepareStatement("SELECT media_id FROM grievance_case_attachment WHERE number = ? AND id = ?")) {
        ps.setString(1, number);
        ps.setString(2, attachmentId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    }).thenCompose(mediaId -> mediaId.isPresent()
        ? media.apply(number, mediaId.get())
        : CompletableFuture.completedFuture(Optional.empty()));
  }

  // ---- checks ----

  private void checkAssignee(Actor actor, View view, String officialId) {
    Official official = officials.apply(actor.tenant()).stream()
        .filter(o -> o.id().equals(officialId))
        .findFirst()
        .orElseThrow(() -> new Refused(Reason.INVALID, "official", "no official " + officialId + " in " + actor.tenant()));
    if (!worksOn(official, view)) {
      throw new Refused(Reason.INVALID, "official", officialId + " does not work on cases of "
          + (view.ulb() == null ? "" : view.ulb() + " ") + view.department() + (view.ward() == null ? "" : " ward " + view.ward()));
    }
  }

  /** Whether an official of this role acts on cases at all (an observer only reads them). */
  public static boolean mayAct(Official.Role role) {
    return role != Official.Role.OBSERVER;
  }

  /** Whether a case may be assigned to this official: one who acts, with the case in their scope. */
  public static boolean worksOn(Official official, View view) {
    return mayAct(official.role())
        && CaseScope.of(view.tenant(), official.role(), official.scope()).covers(view.tenant(), view.ulb(), view.department(), view.ward());
  }

  private static void checkTexts(Act act) {
    if (act instanceof Act.Assign a) {
      text("note", a.note(), false);
    } else if (act instanceof Act.Start s) {
      text("note", s.note(), false);
    } else if (act instanceof Act.Resolve r) {
      text("note", r.note(), false);
    } else if (act instanceof Act.Reject r) {
      text("reason", r.reason(), true);
    } else if (act instanceof Act.Comment co) {
      text("text", co.text(), true);
    } else if (act instanceof Act.Reopen r) {
      text("reason", r.reason(), false);
    } else if (act instanceof Act.Ask q) {
      text("question", q.question(), true);
    }
  }

  private static void text(String field, String value, boolean required) {
    if (required && (value == null || value.isBlank())) throw new Refused(Reason.INVALID, field, field + " is required");
    if (value != null && value.length() > MAX_TEXT_LENGTH) {
      throw new Refused(Reason.INVALID, field, field + " is longer than " + MAX_TEXT_LENGTH + " characters");
    }
    // Refused at the official's request: stored in the case's event, a character no text column takes
    // would fail the read model's every retry of its batch, and the slice's cases with it.
    int bad = value == null ? -1 : StorableText.firstUnstorable(value);
    if (bad >= 0) {
      throw new Refused(Reason.INVALID, field, field + " has a control character or a broken character at position " + (bad + 1)
          + "; only text, tabs and line breaks can be kept");
    }
  }

  private static Refused notFound(String number) {
    return new Refused(Reason.NOT_FOUND, null, "no case " + number);
  }

  private static <T> CompletionStage<T> refused(Reason reason, String field, String message) {
    return CompletableFuture.failedFuture(new Refused(reason, field, message));
  }

  // ---- reading ----

  private Optional<View> find(Connection c, Actor actor, String number) throws SQLException {
    CaseQuery query = new CaseQuery().where("number = ?", number);
    CaseScope.of(actor).restrict(query);
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM grievance_case" + query.whereClause())) {
      query.bind(c, ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(view(rs, now())) : Optional.empty();
      }
    }
  }

  private static View view(ResultSet rs, OffsetDateTime now) throws SQLException {
    CaseStatus status = statusOf(rs.getString("status"));
    OffsetDateTime due = rs.getObject("due_at", OffsetDateTime.class);
    return new View(
        rs.getString("number"),
        rs.getString("tenant"),
        rs.getString("ulb"),
        rs.getString("department"),
        rs.getString("category"),
        rs.getString("sub_type"),
        rs.getString("kind"),
        status,
        rs.getString("assignee"),
        rs.getInt("level"),
        shown(rs.getObject("filed_at", OffsetDateTime.class)),
        shown(due),
        shown(rs.getObject("updated_at", OffsetDateTime.class)),
        status.open() && due.isBefore(now),
        rs.getString("description"),
        rs.getString("address"),
        rs.getObject("latitude", Double.class),
        rs.getObject("longitude", Double.class),
        rs.getObject("ward", Integer.class),
        rs.getObject("rating", Integer.class));
  }

  private static List<HistoryEntry> history(Connection c, String number) throws SQLException {
    return rowsOf(c, number,
        "SELECT sequence, at, by_whom, step, status, note, assignee FROM grievance_case_history WHERE number = ? ORDER BY sequence",
        rs -> new HistoryEntry(rs.getLong(1), shown(rs.getObject(2, OffsetDateTime.class)), rs.getString(3), rs.getString(4),
            statusOf(rs.getString(5)), rs.getString(6), rs.getString(7)));
  }

  // The read table knows no download state: a row names media the media part was given, so it counts as stored.
  private static List<AttachmentRef> attachments(Connection c, String number) throws SQLException {
    return rowsOf(c, number,
        "SELECT id, kind, mime_type, added_by, added_at FROM grievance_case_attachment WHERE number = ? ORDER BY added_at, id",
        rs -> new AttachmentRef(rs.getString(1), rs.getString(2), rs.getString(3), true, rs.getString(4),
            shown(rs.getObject(5, OffsetDateTime.class))));
  }

  private static List<MessageLine> messages(Connection c, String number) throws SQLException {
    return rowsOf(c, number, "SELECT at, direction, text FROM grievance_case_message WHERE number = ? ORDER BY sequence, direction",
        rs -> new MessageLine(shown(rs.getObject(1, OffsetDateTime.class)), rs.getString(2), rs.getString(3)));
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The rows of a case's own table ({@code sql} takes the number as its one parameter). */
  private static <T> List<T> rowsOf(Connection c, String number, String sql, RowReader<T> reader) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(reader.read(rs));
      }
    }
    return rows;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String shown(OffsetDateTime at) {
    return at.atZoneSameInstant(ZONE).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static Optional<CaseStatus> status(String key) {
    return Arrays.stream(CaseStatus.values()).filter(s -> s.key().equals(key)).findFirst();
  }

  private static CaseStatus statusOf(String key) {
    return status(key).orElseThrow(() -> new IllegalStateException("grievance_case has an unknown status " + key));
  }

  private static List<String> statusKeys() {
    return Arrays.stream(CaseStatus.values()).map(CaseStatus::key).toList();
  }
}
