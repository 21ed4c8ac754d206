package chaupal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A part's hook to forget what its own tables hold, called by the retention sweep inside the
 * sweep's transaction: the part knows its tables, the sweep knows when a citizen is to be forgotten.
 */
public interface Forgetting {

  /** Deletes every row of these citizens (their wa_ids) from this part's tables. */
  default void forgetCitizens(Connection c, List<String> citizenIds) throws SQLException {}

  /** Deletes rows that belong to no citizen and were stored before {@code cutoff}; returns how many. */
  default int forgetOlderThan(Connection c, Instant cutoff) throws SQLException {
    return 0;
  }
}
