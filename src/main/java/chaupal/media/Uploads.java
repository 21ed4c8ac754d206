package chaupal.media;

import java.util.concurrent.CompletionStage;

/**
 * Files officials upload (a photo of the work done when resolving a case): checked by their first
 * bytes, stored content-addressed like the citizens' media, and given an id that the case keeps and
 * the outbox sends to the citizen.
 */
public interface Uploads {

  /**
   * Stores an upload; fails with {@link IllegalArgumentException} (a message an official can act on)
   * for a file that is empty, too large, or not a photo in a format WhatsApp takes (JPEG, PNG).
   */
  CompletionStage<StoredMedia> store(byte[] bytes, String claimedType, String uploadedBy);
}
