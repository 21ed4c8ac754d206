package chaupal.outbound;

import chaupal.db.BlockingSql;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.CloudUpload;
import chaupal.whatsapp.CloudUpload.UploadResult;
import chaupal.whatsapp.OutgoingMessage;
import chaupal.whatsapp.SendRequest;
import chaupal.whatsapp.SendResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Sends a {@link MessageIntent.StoredMedia}: reads the file, uploads it to the channel unless Meta holds
 * it already under an id younger than {@link #REUSE_FOR} ({@code outbound_media_upload}, by channel and
 * SHA-256), then sends it by that id. A failed upload is a retryable {@link SendResult.Rejected}, so the
 * message is retried like any send; an id Meta no longer knows is forgotten and the retry uploads again.
 */
final class StoredMediaSend {

  /** Meta keeps an uploaded file 30 days; a day less leaves room for clocks and a message that waits. */
  static final Duration REUSE_FOR = Duration.ofDays(29);

  private static final String FIND = """
      SELECT meta_media_id FROM outbound_media_upload
      WHERE phone_number_id = ? AND sha256 = ? AND uploaded_at > now() - ? * interval '1 millisecond'""";
  private static final String REMEMBER = """
      INSERT INTO outbound_media_upload (phone_number_id, sha256, meta_media_id) VALUES (?, ?, ?)
      ON CONFLICT (phone_number_id, sha256) DO UPDATE SET meta_media_id = EXCLUDED.meta_media_id, uploaded_at = now()""";
  private static final String FORGET = "DELETE FROM outbound_media_upload WHERE phone_number_id = ? AND meta_media_id = ?";

  private final OutboundMedia media;
  private final CloudUpload uploads;
  private final DataSource dataSource;
  private final Executor blocking;

  StoredMediaSend(OutboundMedia media, CloudUpload uploads, DataSource dataSource, Executor blocking) {
    this.media = media;
    this.uploads = uploads;
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  /** Uploads nothing (a node that sends no stored media): refused for good. */
  static final CloudUpload NO_UPLOADS = (phone, content, type, name) -> CompletableFuture.completedFuture(
      new UploadResult.Refused(new SendResult.Rejected(0, null, false, Duration.ZERO)));

  /** A node without stored media: every such message fails, naming the media it lacks. */
  static StoredMediaSend none(DataSource dataSource, Executor blocking) {
    return new StoredMediaSend(OutboundMedia.NONE, NO_UPLOADS, dataSource, blocking);
  }

  CompletionStage<SendResult> send(CloudApi api, PendingMessage message, MessageIntent.StoredMedia stored) {
    String channel = message.phoneNumberId();
    return media.read(stored.storedMediaId()).thenCompose(file -> {
      if (file.isEmpty()) return done(missing(stored));
      return metaId(channel, file.get(), stored).thenCompose(uploaded -> {
        if (uploaded instanceof UploadResult.Refused refused) return done(refused.rejection());
        String metaId = ((UploadResult.Uploaded) uploaded).mediaId();
        byte[] json = SendRequest.json(new OutgoingMessage(message.recipient(), stored.content(metaId), null),
            OutboxCallback.of(message.id()));
        return api.send(channel, json).thenCompose(result -> unknownMediaId(result)
            ? BlockingSql.run(dataSource, blocking, c -> {
              try (PreparedStatement ps = c.prepareStatement(FORGET)) {
                ps.setString(1, channel);
                ps.setString(2, metaId);
                ps.executeUpdate();
              }
              // Meta dropped the file before its 30 days: upload it again on the retry.
              SendResult.Rejected r = (SendResult.Rejected) result;
              return (SendResult) new SendResult.Rejected(r.httpStatus(), r.error(), true, r.retryAfter());
            })
            : done(result));
      });
    });
  }

  private CompletionStage<UploadResult> metaId(String channel, OutboundMedia.Bytes file, MessageIntent.StoredMedia stored) {
    return BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement(FIND)) {
        ps.setString(1, channel);
        ps.setString(2, file.sha256());
        ps.setLong(3, REUSE_FOR.toMillis());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    }).thenCompose(known -> known.isPresent()
        ? done(new UploadResult.Uploaded(known.get()))
        : uploads.upload(channel, file.content(), file.mimeType(), stored.storedMediaId()).thenCompose(result ->
            result instanceof UploadResult.Uploaded up
                ? BlockingSql.run(dataSource, blocking, c -> {
                  try (PreparedStatement ps = c.prepareStatement(REMEMBER)) {
                    ps.setString(1, channel);
                    ps.setString(2, file.sha256());
                    ps.setString(3, up.mediaId());
                    ps.executeUpdate();
                  }
                  return result;
                })
                : done(result)));
  }

  /** Meta's answer to a send by an id it does not hold: {@code (#100) Param image['id'] is not a valid ... media attachment ID}. */
  static boolean unknownMediaId(SendResult result) {
    if (!(result instanceof SendResult.Rejected r) || r.error() == null) return false;
    ApiError e = r.error();
    return (e.code() == 100 || e.code() == 131009) && (e.details() + " " + e.message()).contains("media attachment ID");
  }

  private static SendResult.Rejected missing(MessageIntent.StoredMedia stored) {
    String why = "no stored media " + stored.storedMediaId() + " (never stored, or forgotten)";
    return new SendResult.Rejected(0, new ApiError(0, why, why, ""), false, Duration.ZERO);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
