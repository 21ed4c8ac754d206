package chaupal.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** Runs JDBC work on a blocking executor with a pooled connection (autocommit), never on the caller's thread. */
final class BlockingSql {

  /** A whole column of a batch, bound as one SQL array parameter (then {@code unnest}ed). */
  record Column(String sqlType, Object[] values) {}

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private BlockingSql() {}

  /** Binds the columns as array parameters {@code first}, {@code first + 1}, ... */
  static void bindColumns(Connection c, PreparedStatement ps, int first, Column... columns) throws SQLException {
    for (int i = 0; i < columns.length; i++) {
      ps.setArray(first + i, c.createArrayOf(columns[i].sqlType(), columns[i].values()));
    }
  }

  static <T> CompletionStage<T> run(DataSource dataSource, Executor executor, Work<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }
}
