package chaupal.media;

import chaupal.db.HandOverSession;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** One media projection transaction: the rows and the offset commit together, then the rows go to this node's fetcher. */
final class MediaSession extends HandOverSession<PendingMedia> {

  MediaSession(DataSource dataSource, Consumer<List<PendingMedia>> afterCommit) {
    super(dataSource, "media", afterCommit);
  }
}
