package chaupal.outbound;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The files the outbox sends by {@link MessageIntent.StoredMedia}: platform reads them from the media part. */
public interface OutboundMedia {

  /** A stored file: its bytes, what they are (sniffed when stored) and their SHA-256 in lower-case hex. */
  record Bytes(byte[] content, String mimeType, String sha256) {}

  /** Empty when no file is stored under that id (never stored, or forgotten). */
  CompletionStage<Optional<Bytes>> read(String storedMediaId);

  /** A node that sends no stored media. */
  OutboundMedia NONE = storedMediaId -> CompletableFuture.completedFuture(Optional.empty());
}
