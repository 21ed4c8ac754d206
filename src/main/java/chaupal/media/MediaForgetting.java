package chaupal.media;

import chaupal.db.BlockingSql;
import chaupal.db.Forgetting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Forgets a citizen's attachments. The rows go in the sweep's transaction; a file goes later, once
 * that transaction has committed and only if no row (another citizen's same photo) references it:
 * deleting it inside a transaction that may still roll back could leave a row without its file.
 */
public final class MediaForgetting implements Forgetting {

  private static final int FILES_PER_ROUND = 100;

  @Override
  public void forgetCitizens(Connection c, List<String> citizenIds) throws SQLException {
    MediaTable.unreferenced(c, MediaTable.forget(c, citizenIds));
  }

  /** Deletes the files noted unreferenced that still are; returns how many it deleted. */
  static CompletionStage<Integer> deleteUnreferencedFiles(DataSource dataSource, Executor blocking, MediaFiles files) {
    return BlockingSql.run(dataSource, blocking, c -> {
      c.setAutoCommit(false);
      try {
        int deleted = 0;
        for (String sha256 : MediaTable.takeUnreferenced(c, FILES_PER_ROUND)) {
          MediaTable.lock(c, sha256);
          if (!MediaTable.referenced(c, sha256) && files.delete(sha256)) deleted++;
          MediaTable.settled(c, sha256);
        }
        c.commit();
        return deleted;
      } catch (IOException e) {
        c.rollback();
        throw new UncheckedIOException(e);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    });
  }
}
