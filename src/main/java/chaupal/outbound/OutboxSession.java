package chaupal.outbound;

import akka.japi.function.Function;
import akka.projection.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One projection transaction: the outbox rows and the projection offset commit together. When the
 * transaction added rows, the partition's sender is woken right after the commit, so a reply does
 * not wait for the sender's next poll.
 */
final class OutboxSession implements JdbcSession {

  private final Connection connection;
  private final Runnable afterCommitWithRows;
  private boolean rowsAdded;

  OutboxSession(DataSource dataSource, Runnable afterCommitWithRows) {
    this.afterCommitWithRows = afterCommitWithRows;
    try {
      this.connection = dataSource.getConnection();
      this.connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("no database connection for the outbox projection: " + e.getMessage(), e);
    }
  }

  void rowsAdded() {
    rowsAdded = true;
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
    if (rowsAdded) {
      rowsAdded = false;
      afterCommitWithRows.run();
    }
  }

  @Override
  public void rollback() throws SQLException {
    rowsAdded = false;
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
