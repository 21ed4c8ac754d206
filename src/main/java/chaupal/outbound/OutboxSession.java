package chaupal.outbound;

import chaupal.db.HandOverSession;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One projection transaction: the outbox rows and the projection offset commit together. The rows
 * the transaction added go to the partition's sender right after the commit, so the sender takes
 * them from memory instead of querying the table for them.
 */
final class OutboxSession extends HandOverSession<OutboxStore.Inserted> {

  OutboxSession(DataSource dataSource, Consumer<List<OutboxStore.Inserted>> afterCommitWithRows) {
    super(dataSource, "outbox", afterCommitWithRows);
  }

  void rowsAdded(List<OutboxStore.Inserted> rows) {
    handOver(rows);
  }
}
