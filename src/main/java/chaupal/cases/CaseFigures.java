package chaupal.cases;

import chaupal.db.BlockingSql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Accountability figures over the case read tables, per ULB, department or officer, within the
 * official's scope ({@link CaseScope}, the same rule as the desk). Definitions, so the console and a
 * reader of the CSV mean the same:
 * <ul>
 *   <li>open: registered, assigned or in progress; overdue: open and past its deadline now;
 *   <li>escalated: at an escalation level above 0 now, whatever its status;
 *   <li>resolved: resolved or closed after resolution; within deadline when its last resolution came
 *       before its deadline and it never missed one (no escalation, no missed last level);
 *   <li>resolution time: from filing to the last resolution, of resolved cases;
 *   <li>reopen rate: of the cases ever resolved or rejected, those reopened at least once;
 *   <li>rating: the citizens' stars, of the cases rated.
 * </ul>
 */
public final class CaseFigures {

  /** What the figures are counted per: the column of grievance_case it groups by. */
  public enum Grouping {
    ULB("ulb"), DEPARTMENT("department"), OFFICER("assignee");

    private final String column;

    Grouping(String column) {
      this.column = column;
    }

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One group's figures; {@code key} is null for cases without a ULB (tenant-wide) or without an
   * assignee. Rates and times are null where there is nothing to count them from.
   */
  public record Row(String key, long total, long open, long overdue, long escalated, long resolved, long resolvedInTime,
      Double resolvedInTimePercent, Double medianResolutionHours, Double p90ResolutionHours, long decided, long reopened,
      Double reopenRatePercent, Double averageRating, long rated) {

    static Row empty(String key) {
      return new Row(key, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0, null, null, 0);
    }
  }

  static final String[] RESOLVED_STATUSES = {CaseStatus.RESOLVED.key(), CaseStatus.CLOSED_RESOLVED.key()};

  private static final String SQL = """
      WITH scoped AS (SELECT number, %s AS key, status, level, due_at, filed_at, rating FROM grievance_case%s),
      c AS (
        SELECT s.*, s.status = ANY(?) AS is_open, s.status = ANY(?) AS is_resolved, h.resolved_at, h.reopens,
          COALESCE(h.decided, FALSE) AS decided, COALESCE(h.missed, FALSE) AS missed
        FROM scoped s LEFT JOIN LATERAL (
          SELECT max(at) FILTER (WHERE step = 'resolved') AS resolved_at,
            count(*) FILTER (WHERE step = 'reopened') AS reopens,
            bool_or(step IN ('resolved', 'rejected')) AS decided,
            bool_or(step IN ('escalated', 'deadline-missed')) AS missed
          FROM grievance_case_history WHERE number = s.number) h ON TRUE)
      SELECT key, count(*),
        count(*) FILTER (WHERE is_open),
        count(*) FILTER (WHERE is_open AND due_at < ?),
        count(*) FILTER (WHERE level > 0),
        count(*) FILTER (WHERE is_resolved),
        count(*) FILTER (WHERE is_resolved AND resolved_at <= due_at AND NOT missed),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - filed_at)) FILTER (WHERE is_resolved),
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - filed_at)) FILTER (WHERE is_resolved),
        count(*) FILTER (WHERE decided),
        count(*) FILTER (WHERE decided AND reopens > 0),
        avg(rating), count(rating)
      FROM c GROUP BY key ORDER BY key NULLS LAST""";

  private final DataSource dataSource;
  private final Executor blocking;
  private final Clock clock;

  /** @param blocking where JDBC runs ({@link BlockingSql#executor}) */
  public CaseFigures(DataSource dataSource, Executor blocking, Clock clock) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** The figures of the actor's scope per {@code by}, one row per group that has cases. */
  public CompletionStage<List<Row>> figures(CaseDesk.Actor actor, Grouping by) {
    return figures(actor, by, List.of());
  }

  /**
   * As {@link #figures(CaseDesk.Actor, Grouping)}, with a row of zeros for each of {@code shown} that
   * has no case: the statewide table lists every ULB of the tenant, a quiet one too.
   */
  public CompletionStage<List<Row>> figures(CaseDesk.Actor actor, Grouping by, List<String> shown) {
    CaseQuery query = new CaseQuery();
    CaseScope.of(actor).restrict(query);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    String sql = SQL.formatted(by.column, query.whereClause());
    return BlockingSql.run(dataSource, blocking, c -> {
      Map<String, Row> rows = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int next = query.bind(c, ps);
        ps.setArray(next, c.createArrayOf("varchar", CaseBook.OPEN_STATUSES));
        ps.setArray(next + 1, c.createArrayOf("varchar", RESOLVED_STATUSES));
        ps.setObject(next + 2, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Row row = row(rs);
            rows.put(row.key(), row);
          }
        }
      }
      List<Row> all = new ArrayList<>(rows.values());
      shown.stream().filter(key -> !rows.containsKey(key)).forEach(key -> all.add(Row.empty(key)));
      return all;
    });
  }

  private static Row row(ResultSet rs) throws SQLException {
    long resolved = rs.getLong(6);
    long inTime = rs.getLong(7);
    long decided = rs.getLong(10);
    long reopened = rs.getLong(11);
    return new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), resolved, inTime,
        percent(inTime, resolved), hours(rs.getObject(8, Double.class)), hours(rs.getObject(9, Double.class)), decided, reopened,
        percent(reopened, decided), rs.getObject(12) == null ? null : rs.getBigDecimal(12).doubleValue(), rs.getLong(13));
  }

  private static Double percent(long part, long whole) {
    return whole == 0 ? null : 100.0 * part / whole;
  }

  private static Double hours(Double seconds) {
    return seconds == null ? null : seconds / 3600.0;
  }
}
