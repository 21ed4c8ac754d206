package chaupal.media;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One transaction that also touches the disk: a file moved into place and its row commit or roll back together. Blocking. */
final class MediaTransaction {

  interface Work<T> {
    T run(Connection c) throws IOException, SQLException;
  }

  private MediaTransaction() {}

  static <T> T run(DataSource dataSource, Work<T> work) throws IOException, SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (IOException | SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
