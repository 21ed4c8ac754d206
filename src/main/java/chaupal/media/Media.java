package chaupal.media;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import chaupal.db.BlockingSql;
import chaupal.db.Forgetting;
import chaupal.whatsapp.CloudMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The attachments of one node: the projection that records every photo, voice note, video and
 * document citizens send, the fetcher that downloads them at once (and retries), and what officials
 * read back. A download that fails touches neither the citizen's conversation nor the case: the
 * row waits in {@code media_file} and is tried again.
 */
public final class Media {

  private final DataSource dataSource;
  private final Executor blocking;
  private final MediaFiles files;

  private Media(DataSource dataSource, Executor blocking, MediaFiles files) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.files = files;
  }

  /** Starts on {@code chaupal.media}; the files go under {@code <dataDir>/media}. */
  public static Media init(ActorSystem<?> system, DataSource dataSource, Path dataDir, CloudMedia api, MediaSource source) {
    return init(system, MediaSettings.fromConfig(system.settings().config()), dataSource, dataDir, api, source);
  }

  public static Media init(ActorSystem<?> system, MediaSettings settings, DataSource dataSource, Path dataDir, CloudMedia api,
      MediaSource source) {
    MediaFiles files = MediaFiles.under(dataDir);
    Executor blocking = BlockingSql.executor(system);
    MediaDownload download = new MediaDownload(api, files, dataSource, blocking, settings, Clock.systemUTC());
    ActorRef<MediaFetcher.Command> fetcher = system.systemActorOf(
        MediaFetcher.create(settings, download::fetch, dataSource, files), "media-fetcher", Props.empty());
    MediaProjection.init(system, settings, source, dataSource, fetcher);
    // Downloads that are on the wire finish or are taken again after the restart; none starts once the node stops.
    akka.actor.CoordinatedShutdown.get(system).addTask(akka.actor.CoordinatedShutdown.PhaseServiceStop(), "stop-media-fetcher",
        () -> {
          fetcher.tell(MediaFetcher.Stop.INSTANCE);
          return java.util.concurrent.CompletableFuture.completedFuture(akka.Done.getInstance());
        });
    return new Media(dataSource, blocking, files);
  }

  /**
   * The stored file of a media id (on that channel, or on any when {@code channelId} is null);
   * empty while it is still pending, when it failed, or when its file is missing.
   */
  public CompletionStage<Optional<StoredMedia>> open(String channelId, String mediaId) {
    return BlockingSql.run(dataSource, blocking, c -> MediaTable.open(c, channelId, mediaId, files)
        .filter(stored -> Files.isRegularFile(stored.path())));
  }

  public CompletionStage<Optional<StoredMedia>> open(String mediaId) {
    return open(null, mediaId);
  }

  /** Officials' photos: stored like the citizens' media, opened by {@link #open(String)}, forgotten with no citizen. */
  public Uploads uploads() {
    return new MediaUploads(dataSource, blocking, files);
  }

  /** A stored media with its bytes (for the outbox to upload to Meta), read on the blocking dispatcher; empty as {@link #open(String)}. */
  public CompletionStage<Optional<MediaContent>> read(String mediaId) {
    return open(mediaId).thenApplyAsync(stored -> stored.map(m -> {
      try {
        return new MediaContent(m, Files.readAllBytes(m.path()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("media " + mediaId + " cannot be read from " + m.path(), e);
      }
    }), blocking);
  }

  /** Forgets a citizen's attachments (the retention sweep calls it); their files go when no one else's row needs them. */
  public Forgetting forgetting() {
    return new MediaForgetting();
  }

  public MediaFiles files() {
    return files;
  }
}
