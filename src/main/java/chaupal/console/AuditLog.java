package chaupal.console;

import chaupal.db.BlockingSql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only record of what officials did through the API, allowed or refused: who, what,
 * when (with the offset of the tenant's time), which case and ULB, the outcome. The table refuses
 * UPDATE, DELETE and TRUNCATE (V70), and the API has no route that would try.
 */
final class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  /** The officials' time: the CaseDesk's times are Asia/Kolkata too. */
  static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  private static final int ACTOR_LENGTH = 64;

  /** One thing an official did or tried; {@code outcome} is "ok" or the error code the API answered. */
  record Entry(String actor, String action, String caseNumber, String ulb, String outcome, String detail) {}

  /** One record as it was written. */
  record Stored(long id, Instant at, String actor, String action, String caseNumber, String ulb, String outcome, String detail) {}

  /**
   * Which records a state administrator reads: those of their tenant (its accounts' acts, or about
   * its ULBs), narrowed by any of the filters (null: not narrowed), newest first, a page at a time.
   */
  record Search(String tenant, List<String> tenantUlbs, String actor, String ulb, String action, String outcome, Instant from,
      Instant until, int page, int size) {}

  /** A page of records, and whether older ones follow. */
  record Found(List<Stored> records, boolean more) {}

  private final DataSource dataSource;
  private final Executor executor;
  private final Clock clock;

  AuditLog(DataSource dataSource, Executor executor, Clock clock) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.clock = clock;
  }

  CompletionStage<Void> write(Entry e) {
    Instant at = clock.instant();
    // A username someone typed at the login can be any length: the record keeps its start.
    String actor = e.actor() == null || e.actor().isEmpty() ? "(none)"
        : e.actor().length() > ACTOR_LENGTH ? e.actor().substring(0, ACTOR_LENGTH) : e.actor();
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_record (at, at_offset, actor, action, case_number, ulb, "
          + "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, Accounts.timestamp(at));
        ps.setString(2, ZONE.getRules().getOffset(at).getId());
        ps.setString(3, actor);
        ps.setString(4, e.action());
        ps.setString(5, e.caseNumber() != null && e.caseNumber().length() <= 16 ? e.caseNumber() : null);
        ps.setString(6, e.ulb());
        ps.setString(7, e.outcome());
        ps.setString(8, e.detail());
        ps.executeUpdate();
        return (Void) null;
      }
    }).whenComplete((done, failure) -> {
      if (failure != null) log.error("audit record not written ({} {} by {}): {}", e.action(), e.outcome(), actor, failure.toString());
    });
  }

  /** Reads the log (never changes it: the table is append-only). */
  CompletionStage<Found> find(Search q) {
    StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, case_number, ulb, outcome, detail FROM audit_record WHERE "
        + "(actor IN (SELECT username FROM official_account WHERE tenant = ?) OR ulb = ANY(?))");
    List<Object> params = new ArrayList<>(List.of(q.tenant(), q.tenantUlbs().toArray(String[]::new)));
    narrow(sql, params, "actor = ?", q.actor());
    narrow(sql, params, "ulb = ?", q.ulb());
    narrow(sql, params, "action = ?", q.action());
    narrow(sql, params, "outcome = ?", q.outcome());
    narrow(sql, params, "at >= ?", Accounts.timestamp(q.from()));
    narrow(sql, params, "at < ?", Accounts.timestamp(q.until()));
    sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
    params.add(q.size() + 1);
    params.add((long) q.page() * q.size());
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < params.size(); i++) {
          Object p = params.get(i);
          if (p instanceof String[] texts) ps.setArray(i + 1, c.createArrayOf("varchar", texts));
          else ps.setObject(i + 1, p);
        }
        List<Stored> records = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            records.add(new Stored(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
          }
        }
        boolean more = records.size() > q.size();
        return new Found(more ? records.subList(0, q.size()) : records, more);
      }
    });
  }

  private static void narrow(StringBuilder sql, List<Object> params, String condition, Object value) {
    if (value == null) return;
    sql.append(" AND ").append(condition);
    params.add(value);
  }

  /**
   * Writes one record of {@code work}'s outcome, then completes as {@code work} did, a failure as its
   * {@link ApiProblem}. {@code ulb} names the ULB of a success; {@code refusedUlb} that of a refusal (or null).
   */
  <T> CompletionStage<T> recorded(String actor, String action, String caseNumber, CompletionStage<T> work,
      Function<T, String> ulb, String refusedUlb) {
    return recorded(actor, action, caseNumber, work, ulb, refusedUlb, value -> null);
  }

  /** As above, with {@code detail} saying what a success was about (which campaign); a refusal's detail is its message. */
  <T> CompletionStage<T> recorded(String actor, String action, String caseNumber, CompletionStage<T> work,
      Function<T, String> ulb, String refusedUlb, Function<T, String> detail) {
    return work.handle((value, failure) -> {
      ApiProblem problem = failure == null ? null : ApiJson.problem(failure);
      Entry entry = new Entry(actor, action, caseNumber, problem == null ? ulb.apply(value) : refusedUlb,
          problem == null ? "ok" : problem.code(), problem == null ? detail.apply(value) : problem.getMessage());
      return write(entry).handle((written, e) -> {
        if (problem != null) throw problem;
        return value;
      });
    }).thenCompose(Function.identity());
  }
}
