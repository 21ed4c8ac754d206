package chaupal.db;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Runs JDBC work on the blocking dispatcher with a pooled connection (autocommit), never on the
 * caller's thread: JDBC blocks, and an actor or route thread must not.
 */
public final class BlockingSql {

  /** The dispatcher of every part's own JDBC work (persistence.conf). */
  public static final String DISPATCHER = "chaupal.blocking-jdbc-dispatcher";

  /** A whole column of a batch, bound as one SQL array parameter (then {@code unnest}ed). */
  public record Column(String sqlType, Object[] values) {}

  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private BlockingSql() {}

  public static DispatcherSelector dispatcher() {
    return DispatcherSelector.fromConfig(DISPATCHER);
  }

  public static Executor executor(ActorSystem<?> system) {
    return system.dispatchers().lookup(dispatcher());
  }

  /** Binds the columns as array parameters {@code first}, {@code first + 1}, ... */
  public static void bindColumns(Connection c, PreparedStatement ps, int first, Column... columns) throws SQLException {
    for (int i = 0; i < columns.length; i++) {
      ps.setArray(first + i, c.createArrayOf(columns[i].sqlType(), columns[i].values()));
    }
  }

  public static <T> CompletionStage<T> run(DataSource dataSource, Executor executor, Work<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }
}
