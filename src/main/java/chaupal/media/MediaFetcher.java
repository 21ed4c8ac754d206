package chaupal.media;

import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import chaupal.db.BlockingSql;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Downloads the media of one node, at most {@code maxDownloads} at once. The projections on this
 * node hand it the rows they wrote, right after their commit, so a photo is fetched while its URL
 * lives; a poll takes rows that are due (retries, rows of a node that stopped) and, between
 * downloads, deletes files that lost their last row. Never blocks: downloads, disk and JDBC run
 * off the actor.
 */
final class MediaFetcher extends AbstractBehavior<MediaFetcher.Command> {

  interface Command {}

  /** Rows a projection transaction recorded (and claimed for this node), after its commit. */
  record Recorded(List<PendingMedia> rows) implements Command {}

  private enum Poll implements Command { INSTANCE }

  /** The node is stopping: no more polls or downloads, before the database closes. */
  enum Stop implements Command { INSTANCE }

  private record Claimed(List<PendingMedia> rows, Throwable failure) implements Command {}

  private record Finished(PendingMedia media, DownloadOutcome outcome, Throwable failure) implements Command {}

  private record Reclaimed(Integer files, Throwable failure) implements Command {}

  private final MediaSettings settings;
  private final Function<PendingMedia, CompletionStage<DownloadOutcome>> download;
  private final DataSource dataSource;
  private final MediaFiles files;
  private final Deque<PendingMedia> queue = new ArrayDeque<>();
  /** Rows queued or downloading: a row claimed again (its claim ran out while queued) is not taken twice. */
  private final Set<String> held = new HashSet<>();
  private final int queueLimit;
  private int downloading;
  private boolean polling;
  private boolean reclaiming;

  private MediaFetcher(ActorContext<Command> context, MediaSettings settings,
      Function<PendingMedia, CompletionStage<DownloadOutcome>> download, DataSource dataSource, MediaFiles files) {
    super(context);
    context.setLoggerName(MediaFetcher.class);
    this.settings = settings;
    this.download = download;
    this.dataSource = dataSource;
    this.files = files;
    this.queueLimit = settings.maxDownloads() * 16;
  }

  static Behavior<Command> create(MediaSettings settings, Function<PendingMedia, CompletionStage<DownloadOutcome>> download,
      DataSource dataSource, MediaFiles files) {
    // A restart forgets only the queue: the rows in it are claimed in the table, and a poll takes them again.
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Poll.INSTANCE, settings.pollInterval());
      ctx.getSelf().tell(Poll.INSTANCE);
      return new MediaFetcher(ctx, settings, download, dataSource, files);
    }))).onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Recorded.class, r -> take(r.rows()))
        .onMessageEquals(Poll.INSTANCE, this::poll)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .onMessage(Claimed.class, c -> {
          polling = false;
          if (c.failure() != null) getContext().getLog().warn("Media: could not read due downloads: {}", c.failure().toString());
          return take(c.rows() == null ? List.of() : c.rows());
        })
        .onMessage(Finished.class, this::finished)
        .onMessage(Reclaimed.class, r -> {
          reclaiming = false;
          if (r.failure() != null) getContext().getLog().warn("Media: could not delete unreferenced files: {}", r.failure().toString());
          else if (r.files() != null && r.files() > 0) getContext().getLog().info("Media: deleted {} files no attachment references", r.files());
          return this;
        })
        .build();
  }

  private Behavior<Command> take(List<PendingMedia> rows) {
    for (PendingMedia row : rows) {
      // Beyond the limit a row stays claimed in the table; its claim runs out and a poll takes it.
      if (queue.size() < queueLimit && held.add(row.key())) queue.addLast(row);
    }
    return startDownloads();
  }

  private Behavior<Command> startDownloads() {
    while (downloading < settings.maxDownloads() && !queue.isEmpty()) {
      PendingMedia row = queue.pollFirst();
      downloading++;
      CompletionStage<DownloadOutcome> outcome;
      try {
        outcome = download.apply(row);
      } catch (RuntimeException e) {
        outcome = CompletableFuture.failedFuture(e);
      }
      getContext().pipeToSelf(outcome, (done, failure) -> new Finished(row, done, failure));
    }
    return this;
  }

  private Behavior<Command> finished(Finished f) {
    downloading--;
    held.remove(f.media().key());
    if (f.failure() != null) {
      // The table (or the disk) could not be written: the row stays claimed and is taken again later.
      getContext().getLog().warn("Media {}: could not finish the download, trying again after {}: {}", f.media().mediaId(),
          settings.claimFor(), f.failure().toString());
    } else if (f.outcome() instanceof DownloadOutcome.Retry r) {
      getContext().getLog().info("Media {}: download to be tried again in {}: {}", f.media().mediaId(), r.delay(), r.error());
    } else if (f.outcome() instanceof DownloadOutcome.Failed failed) {
      getContext().getLog().warn("Media {}: not stored, given up: {}", f.media().mediaId(), failed.error());
    }
    return startDownloads();
  }

  private Behavior<Command> poll() {
    int room = settings.maxDownloads() - downloading - queue.size();
    if (!polling && room > 0) {
      polling = true;
      getContext().pipeToSelf(BlockingSql.run(dataSource, BlockingSql.executor(getContext().getSystem()),
              c -> MediaTable.claimDue(c, room, settings.claimFor())),
          Claimed::new);
    }
    if (!reclaiming && downloading == 0) {
      reclaiming = true;
      getContext().pipeToSelf(MediaForgetting.deleteUnreferencedFiles(dataSource, BlockingSql.executor(getContext().getSystem()), files),
          Reclaimed::new);
    }
    return this;
  }
}
