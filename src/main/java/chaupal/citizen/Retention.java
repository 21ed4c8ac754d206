package chaupal.citizen;

import akka.actor.typed.ActorSystem;
import chaupal.db.Forgetting;
import chaupal.db.ScheduledSweep;
import chaupal.tenancy.Directory;
import com.typesafe.config.Config;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the privacy notice's promise: a citizen silent for longer than the retention period is
 * forgotten (their journal and snapshots here, and whatever each other part holds of them through
 * its {@link Forgetting} hook), and rows that belong to no citizen once they are that old. The
 * period is the shortest any tenant promises, so no tenant's promise is broken for a citizen who
 * wrote to several. Runs on one node a day.
 */
public final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final String CITIZEN_PREFIX = Citizen.ENTITY_KEY.name() + "|";
  private static final int BATCH = 500;
  /** Months kept when no tenant states a period. */
  private static final int DEFAULT_MONTHS = 24;

  private final DataSource dataSource;
  private final Duration retention;
  private final List<Forgetting> parts;

  /** {@code parts} are the other parts' hooks; the citizen's own journal is forgotten here. */
  public Retention(DataSource dataSource, Duration retention, List<Forgetting> parts) {
    this.dataSource = dataSource;
    this.retention = retention;
    this.parts = List.copyOf(parts);
  }

  /** What one sweep removed. */
  public record Swept(int citizens, int unroutable) {}

  /** The shortest period any tenant promises in its privacy notice. */
  public static Duration period(Directory directory) {
    int months = directory.tenants().stream().mapToInt(t -> t.privacy().retentionMonths()).min().orElse(DEFAULT_MONTHS);
    return Duration.ofDays(30L * months);
  }

  /** Deletes everything older than the retention period, relative to {@code now}. Blocking: call it off actor threads. */
  public Swept sweep(Instant now) throws SQLException {
    Instant cutoff = now.minus(retention);
    int citizens = 0;
    List<String> stale;
    do {
      stale = staleCitizens(cutoff);
      if (!stale.isEmpty()) forget(stale);
      citizens += stale.size();
    } while (stale.size() == BATCH);
    int unroutable = 0;
    try (Connection c = dataSource.getConnection()) {
      for (Forgetting part : parts) unroutable += part.forgetOlderThan(c, cutoff);
    }
    if (citizens > 0 || unroutable > 0) {
      log.info("data retention: forgot {} citizens and {} unroutable webhooks older than {} days", citizens, unroutable, retention.toDays());
    }
    return new Swept(citizens, unroutable);
  }

  private List<String> staleCitizens(Instant cutoff) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT persistence_id FROM event_journal WHERE persistence_id LIKE ? "
                 + "GROUP BY persistence_id HAVING max(write_timestamp) < ? LIMIT " + BATCH)) {
      ps.setString(1, CITIZEN_PREFIX + "%");
      ps.setLong(2, cutoff.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** One transaction per batch, so a citizen is either wholly forgotten or not at all. */
  private void forget(List<String> persistenceIds) throws SQLException {
    List<String> citizenIds = persistenceIds.stream().map(id -> id.substring(CITIZEN_PREFIX.length())).toList();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Forgetting part : parts) part.forgetCitizens(c, citizenIds);
        Array pids = c.createArrayOf("varchar", persistenceIds.toArray());
        execute(c, "DELETE FROM snapshot WHERE persistence_id = ANY(?)", pids);
        execute(c, "DELETE FROM event_journal WHERE persistence_id = ANY(?)", pids);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void execute(Connection c, String sql, Array ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, ids);
      ps.executeUpdate();
    }
  }

  /** Sweeps on one node of the cluster, on the schedule of {@code chaupal.retention}. */
  public static void init(ActorSystem<?> system, DataSource dataSource, Directory directory, List<Forgetting> parts) {
    Config c = system.settings().config().getConfig("chaupal.retention");
    Retention retention = new Retention(dataSource, period(directory), parts);
    ScheduledSweep.start(system, "data-retention", c.getDuration("first-sweep-after"), c.getDuration("sweep-every"), retention::sweep);
  }
}
