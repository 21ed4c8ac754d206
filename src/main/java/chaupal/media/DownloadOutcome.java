package chaupal.media;

import java.time.Duration;

/** How one try at a media ended. */
sealed interface DownloadOutcome {

  PendingMedia media();

  /** On disk and in the table; {@code reused}: the same bytes were there already, nothing was downloaded. */
  record Stored(PendingMedia media, String sha256, boolean reused) implements DownloadOutcome {}

  record Retry(PendingMedia media, Duration delay, String error) implements DownloadOutcome {}

  /** Given up: the media will never be stored (too large, not what it claims, or too old to download). */
  record Failed(PendingMedia media, String error) implements DownloadOutcome {}
}
