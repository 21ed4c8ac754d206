package chaupal.outbound;

import akka.japi.function.Function;
import akka.projection.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One projection transaction: the outbox rows and the projection offset commit together. The rows
 * the transaction added go to the partition's sender right after the commit, so the sender takes
 * them from memory instead of querying the table for them.
 */
final class OutboxSession implements JdbcSession {

  private final Connection connection;
  private final Consumer<List<OutboxStore.Inserted>> afterCommitWithRows;
  private List<OutboxStore.Inserted> rowsAdded = new ArrayList<>();

  OutboxSession(DataSource dataSource, Consumer<List<OutboxStore.Inserted>> afterCommitWithRows) {
    this.afterCommitWithRows = afterCommitWithRows;
    try {
      this.connection = dataSource.getConnection();
      this.connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("no database connection for the outbox projection: " + e.getMessage(), e);
    }
  }

  void rowsAdded(List<OutboxStore.Inserted> rows) {
    rowsAdded.addAll(rows);
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
    if (!rowsAdded.isEmpty()) {
      List<OutboxStore.Inserted> committed = rowsAdded;
      rowsAdded = new ArrayList<>();
      afterCommitWithRows.accept(committed);
    }
  }

  @Override
  public void rollback() throws SQLException {
    rowsAdded = new ArrayList<>();
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
