package chaupal.whatsapp;

import java.util.concurrent.CompletionStage;

/**
 * Media upload to the Cloud API (reference §6): {@code POST /{phoneNumberId}/media}, multipart with
 * {@code messaging_product=whatsapp}, the {@code type} and the {@code file}; the id it answers sends
 * the file by {@code {"image":{"id":...}}} from that number for 30 days. The stage never fails.
 */
public interface CloudUpload {

  CompletionStage<UploadResult> upload(String phoneNumberId, byte[] content, String mimeType, String filename);

  /** What the API said to an upload. */
  sealed interface UploadResult {

    /** Meta keeps the file under this id. */
    record Uploaded(String mediaId) implements UploadResult {}

    /** Refused, or no answer: retryable and Meta's error exactly as for a send. */
    record Refused(SendResult.Rejected rejection) implements UploadResult {}
  }
}
