package chaupal.media;

import java.time.Instant;

/** A media row still to download: what the fetcher needs, and how often it has failed so far. */
record PendingMedia(String channelId, String mediaId, MediaKind kind, String claimedMime, String citizenId, int attempts,
    Instant receivedAt) {

  String key() {
    return channelId + "/" + mediaId;
  }
}
