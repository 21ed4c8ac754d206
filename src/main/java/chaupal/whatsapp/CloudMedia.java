package chaupal.whatsapp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Media retrieval from the Cloud API (reference §6): {@code GET /{media-id}} for a short-lived URL,
 * then {@code GET url} with the bearer token. Stages never fail: problems are {@link MediaAnswer.Failed}.
 */
public interface CloudMedia {

  CompletionStage<MediaAnswer<MediaInfo>> mediaInfo(String mediaId);

  /**
   * Streams the body behind {@code url} into {@code target} (created or replaced), at most
   * {@code maxBytes}, within {@code timeout}. On failure the target may hold part of the body.
   */
  CompletionStage<MediaAnswer<DownloadedMedia>> download(String url, long maxBytes, Path target, Duration timeout);
}
