package chaupal.db;

import akka.japi.function.Function;
import akka.projection.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One projection transaction whose handler wrote rows that a worker is to take at once: the rows
 * and the offset commit together, then the rows go to the worker from memory, never before the
 * commit (a rolled-back row is never handed over), so it need not query the table for them.
 */
public class HandOverSession<T> implements JdbcSession {

  private final Connection connection;
  private final Consumer<List<T>> afterCommit;
  private List<T> written = new ArrayList<>();

  /** {@code what} names the projection in the error when no connection can be had. */
  public HandOverSession(DataSource dataSource, String what, Consumer<List<T>> afterCommit) {
    this.afterCommit = afterCommit;
    try {
      this.connection = dataSource.getConnection();
      this.connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("no database connection for the " + what + " projection: " + e.getMessage(), e);
    }
  }

  /** Rows this transaction wrote, to hand over once it commits. */
  public void handOver(List<T> rows) {
    written.addAll(rows);
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
    if (!written.isEmpty()) {
      List<T> committed = written;
      written = new ArrayList<>();
      afterCommit.accept(committed);
    }
  }

  @Override
  public void rollback() throws SQLException {
    written = new ArrayList<>();
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
