package chaupal.media;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code chaupal.media}: how attachments are projected and downloaded.
 *
 * @param projectionName the projection's offsets and its sharded daemon process
 * @param tagPrefix the citizens' neutral tags, {@code tagPrefix-n}, n below {@code tagCount} ({@code chaupal.citizen.tag-slices})
 * @param maxDownloads downloads one node runs at once
 * @param pollInterval how often a node looks for due rows (retries, restarts, another node's lost work)
 * @param backoffBase first retry delay; doubles with every failure up to {@code backoffCap}
 * @param maxAge how long after the citizen sent it a media is still tried (Meta keeps webhook media 7 days)
 * @param downloadTimeout one download, from request to the last byte
 * @param claimFor how long a row being fetched is left to its node before another may take it
 */
public record MediaSettings(String projectionName, String tagPrefix, int tagCount, int maxDownloads, Duration pollInterval,
    Duration backoffBase, Duration backoffCap, Duration maxAge, Duration downloadTimeout, Duration claimFor, int groupSize,
    Duration groupWithin) {

  public MediaSettings {
    if (tagCount < 1) throw new IllegalArgumentException("tagCount must be at least 1");
    if (maxDownloads < 1) throw new IllegalArgumentException("maxDownloads must be at least 1");
    if (claimFor.compareTo(downloadTimeout) <= 0) {
      throw new IllegalArgumentException("claim-for (" + claimFor + ") must be longer than download-timeout (" + downloadTimeout + ")");
    }
  }

  /** Reads {@code chaupal.media} and the slice count of {@code chaupal.citizen.tag-slices}. */
  public static MediaSettings fromConfig(Config config) {
    Config c = config.getConfig("chaupal.media");
    return new MediaSettings(
        c.getString("projection-name"),
        c.getString("tag-prefix"),
        config.getInt("chaupal.citizen.tag-slices"),
        intIn(c, "max-downloads", "CHAUPAL_MEDIA_MAX_DOWNLOADS", 1, 1024, "downloads at once per node, 1 to 1024"),
        duration(c, "poll-interval", "chaupal.media.poll-interval"),
        duration(c, "backoff-base", "chaupal.media.backoff-base"),
        duration(c, "backoff-cap", "chaupal.media.backoff-cap"),
        duration(c, "max-age", "CHAUPAL_MEDIA_MAX_AGE", "a duration like 7d"),
        duration(c, "download-timeout", "CHAUPAL_MEDIA_DOWNLOAD_TIMEOUT"),
        duration(c, "claim-for", "chaupal.media.claim-for"),
        c.getInt("group-size"),
        duration(c, "group-within", "chaupal.media.group-within"));
  }

  String tag(int partition) {
    return tagPrefix + "-" + partition;
  }

  MediaRetry retry() {
    return new MediaRetry(backoffBase, backoffCap, maxAge);
  }
}
