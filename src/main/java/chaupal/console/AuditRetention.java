package chaupal.console;

import akka.actor.typed.ActorSystem;
import chaupal.db.ScheduledSweep;
import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The officials' audit log's own retention, apart from citizens' (citizen.Retention never touches
 * it): records older than {@code chaupal.audit.retention} are removed, once a day on one node. The
 * table stays append-only for everything else (V70, V85); the database refuses a cutoff under
 * {@link #LEAST} as well, so no setting can make the log shorter than CERT-In requires.
 */
public final class AuditRetention {

  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
  /** CERT-In's directions of 28 April 2022: logs kept for a rolling 180 days. */
  static final Duration LEAST = Duration.ofDays(180);

  private final DataSource dataSource;
  private final Period retention;

  /** Refuses a retention shorter than 180 days: an operator sees it at start-up, not a year later in an audit. */
  public AuditRetention(DataSource dataSource, Period retention) {
    Instant now = Instant.now();
    if (cutoff(now, retention).isAfter(now.minus(LEAST))) {
      throw new IllegalArgumentException("chaupal.audit.retention (CHAUPAL_AUDIT_RETENTION) is " + retention
          + ": the officials' audit log must be kept at least 180 days (CERT-In)");
    }
    this.dataSource = dataSource;
    this.retention = retention;
  }

  /** Deletes the records older than the retention, relative to {@code now}; returns how many. Blocking: call it off actor threads. */
  public int sweep(Instant now) throws SQLException {
    Instant cutoff = cutoff(now, retention);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement declare = c.prepareStatement("SELECT set_config('chaupal.audit_cutoff', ?, true)");
           PreparedStatement delete = c.prepareStatement("DELETE FROM audit_record WHERE at < ?")) {
        declare.setString(1, cutoff.toString());
        declare.execute();
        delete.setObject(1, Accounts.timestamp(cutoff));
        int removed = delete.executeUpdate();
        c.commit();
        if (removed > 0) log.info("audit log retention: removed {} records older than {}", removed, retention);
        return removed;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Instant cutoff(Instant now, Period retention) {
    return now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
  }

  /** Sweeps on one node of the cluster, on the schedule of {@code chaupal.audit}. */
  public static void init(ActorSystem<?> system, DataSource dataSource) {
    Config c = system.settings().config().getConfig("chaupal.audit");
    AuditRetention retention = new AuditRetention(dataSource, c.getPeriod("retention"));
    ScheduledSweep.start(system, "audit-retention", c.getDuration("first-sweep-after"), c.getDuration("sweep-every"), retention::sweep);
  }
}
