package chaupal.media;

import chaupal.db.BlockingSql;
import chaupal.whatsapp.CloudMedia;
import chaupal.whatsapp.DownloadedMedia;
import chaupal.whatsapp.MediaAnswer;
import chaupal.whatsapp.MediaAnswer.MediaProblem;
import chaupal.whatsapp.MediaInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * One try at one media: a fresh URL from {@code GET /{media-id}}, the body into a temporary file
 * beside its place, its SHA-256 checked against Meta's and its format against its kind, then the
 * file moved into place and the row marked stored in one transaction. When the same bytes are on
 * disk already (Meta's SHA-256 says so), nothing is downloaded. Every outcome is in the table
 * when the stage completes; the stage fails only when the table could not be written.
 */
final class MediaDownload {

  private final CloudMedia api;
  private final MediaFiles files;
  private final DataSource dataSource;
  private final Executor blocking;
  private final MediaSettings settings;
  private final MediaRetry retry;
  private final Clock clock;

  MediaDownload(CloudMedia api, MediaFiles files, DataSource dataSource, Executor blocking, MediaSettings settings, Clock clock) {
    this.api = api;
    this.files = files;
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.settings = settings;
    this.retry = settings.retry();
    this.clock = clock;
  }

  CompletionStage<DownloadOutcome> fetch(PendingMedia media) {
    return api.mediaInfo(media.mediaId())
        .thenCompose(answer -> answer instanceof MediaAnswer.Got<MediaInfo> got
            ? withInfo(media, got.value())
            : done(problem(media, (MediaAnswer.Failed<MediaInfo>) answer)))
        .thenCompose(this::record);
  }

  private CompletionStage<DownloadOutcome> withInfo(PendingMedia media, MediaInfo info) {
    if (info.fileSize() > media.kind().maxBytes()) {
      return done(new DownloadOutcome.Failed(media, "Meta says " + info.fileSize() + " bytes; a " + media.kind().wireName()
          + " may have at most " + media.kind().maxBytes()));
    }
    return blocking(() -> reuse(media, info.sha256Hex())).thenCompose(reused -> reused.isPresent()
        ? done(reused.get())
        : blocking(() -> files.temporaryFor(info.sha256Hex())).thenCompose(temporary ->
            api.download(info.url(), media.kind().maxBytes(), temporary, settings.downloadTimeout())
                .thenCompose(answer -> answer instanceof MediaAnswer.Got<DownloadedMedia> got
                    ? blocking(() -> check(media, info, got.value(), temporary))
                    : blocking(() -> {
                      Files.deleteIfExists(temporary);
                      return problem(media, (MediaAnswer.Failed<DownloadedMedia>) answer);
                    }))));
  }

  // Under the sha256's lock: the file a row is marked with is on disk when the row commits.
  private Optional<DownloadOutcome> reuse(PendingMedia media, String sha256) throws IOException, SQLException {
    return inTransaction(c -> {
      MediaTable.lock(c, sha256);
      if (!files.has(sha256)) return Optional.empty();
      Path file = files.pathOf(sha256);
      return Optional.of(storedAs(c, media, sha256, file, Files.size(file), true));
    });
  }

  private DownloadOutcome check(PendingMedia media, MediaInfo info, DownloadedMedia downloaded, Path temporary)
      throws IOException, SQLException {
    if (!downloaded.sha256Hex().equals(info.sha256Hex())) {
      Files.deleteIfExists(temporary);
      return retry.decide(media, MediaProblem.TRANSIENT, "the body's SHA-256 is not the one Meta gave", clock.instant());
    }
    Optional<FileSignature> signature = MediaFiles.signatureOf(temporary);
    if (signature.isEmpty() || !signature.get().fits(media.kind())) {
      Files.deleteIfExists(temporary);
      return new DownloadOutcome.Failed(media, "claimed " + media.claimedMime() + " but the bytes are "
          + signature.map(s -> s.mimeType(media.kind())).orElse("of no known format") + ", not a " + media.kind().wireName());
    }
    return inTransaction(c -> {
      MediaTable.lock(c, info.sha256Hex());
      files.keep(temporary, info.sha256Hex());
      return storedAs(c, media, info.sha256Hex(), files.pathOf(info.sha256Hex()), downloaded.sizeBytes(), false);
    });
  }

  private DownloadOutcome storedAs(Connection c, PendingMedia media, String sha256, Path file, long size, boolean reused)
      throws IOException, SQLException {
    Optional<FileSignature> signature = MediaFiles.signatureOf(file);
    if (signature.isEmpty() || !signature.get().fits(media.kind())) {
      // The same bytes came before as another kind (a PDF as a document, now as an image).
      return new DownloadOutcome.Failed(media, "claimed " + media.claimedMime() + " but the bytes are not a " + media.kind().wireName());
    }
    if (MediaTable.stored(c, media, sha256, signature.get().mimeType(media.kind()), size) == 0) {
      // Forgotten while downloading: the file may belong to no one now.
      MediaTable.unreferenced(c, java.util.List.of(sha256));
    }
    return new DownloadOutcome.Stored(media, sha256, reused);
  }

  private DownloadOutcome problem(PendingMedia media, MediaAnswer.Failed<?> failed) {
    return retry.decide(media, failed.problem(), failed.problem() + ": " + failed.detail(), clock.instant());
  }

  // Stored outcomes are in the table already (with the file); the others are written here.
  private CompletionStage<DownloadOutcome> record(DownloadOutcome outcome) {
    if (outcome instanceof DownloadOutcome.Stored) return done(outcome);
    return BlockingSql.run(dataSource, blocking, c -> {
      if (outcome instanceof DownloadOutcome.Retry r) MediaTable.retry(c, r.media(), r.delay(), r.error());
      else if (outcome instanceof DownloadOutcome.Failed f) MediaTable.fail(c, f.media(), f.error());
      return outcome;
    });
  }

  private <T> T inTransaction(MediaTransaction.Work<T> work) throws IOException, SQLException {
    return MediaTransaction.run(dataSource, work);
  }

  private interface Blocking<T> {
    T run() throws IOException, SQLException;
  }

  private <T> CompletionStage<T> blocking(Blocking<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, blocking);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
