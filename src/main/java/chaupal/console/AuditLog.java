package chaupal.console;

import chaupal.db.BlockingSql;
import java.sql.PreparedStatement;
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
