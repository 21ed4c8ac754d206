package chaupal.media;

import java.util.Objects;

/**
 * One attachment a citizen sent: the channel it came to, Meta's media id, the type the webhook
 * claimed (kept, never trusted) and its kind, and the citizen (wa_id) it belongs to.
 */
public record MediaRef(String channelId, String mediaId, String mimeType, MediaKind kind, String citizenId) {

  public MediaRef {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(mediaId, "mediaId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(citizenId, "citizenId");
  }
}
