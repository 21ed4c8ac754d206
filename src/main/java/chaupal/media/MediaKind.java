package chaupal.media;

import java.util.Locale;
import java.util.Optional;

/**
 * What a citizen sent, by the Cloud API's message type, with the largest file Meta lets through
 * for it (reference §6): a body beyond that is not Meta's and is not kept.
 */
public enum MediaKind {
  IMAGE(5L << 20),
  AUDIO(16L << 20),
  VIDEO(16L << 20),
  DOCUMENT(100L << 20),
  /** Animated stickers reach 500 KB, static ones 100 KB. */
  STICKER(500L << 10);

  private final long maxBytes;

  MediaKind(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The name in the table, as in the webhook: {@code image}, {@code audio} ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a webhook message type ({@code image}, {@code audio}, {@code voice}, {@code video}, {@code document}, {@code sticker}). */
  public static Optional<MediaKind> ofMessageType(String type) {
    if (type == null) return Optional.empty();
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "image" -> Optional.of(IMAGE);
      case "audio", "voice" -> Optional.of(AUDIO);
      case "video" -> Optional.of(VIDEO);
      case "document" -> Optional.of(DOCUMENT);
      case "sticker" -> Optional.of(STICKER);
      default -> Optional.empty();
    };
  }
}
