package chaupal.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * {@link Uploads} into {@code media_file}: a photo WhatsApp can carry (JPEG or PNG by its first bytes,
 * at most Meta's 5 MB for an image), stored content-addressed like a citizen's photo and recorded as
 * {@code upload-<first 32 hex digits of its SHA-256>}, so the same photo uploaded twice is one row and one file.
 */
final class MediaUploads implements Uploads {

  /** The channel of every upload: it came to no business number. */
  static final String CHANNEL = "";
  static final String ID_PREFIX = "upload-";

  private final DataSource dataSource;
  private final Executor blocking;
  private final MediaFiles files;

  MediaUploads(DataSource dataSource, Executor blocking, MediaFiles files) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.files = files;
  }

  @Override
  public CompletionStage<StoredMedia> store(byte[] bytes, String claimedType, String uploadedBy) {
    FileSignature signature;
    try {
      signature = check(bytes);
      if (uploadedBy == null || uploadedBy.isBlank()) throw new IllegalArgumentException("an upload needs the official who made it");
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return keep(bytes, signature.mimeType(MediaKind.IMAGE), claimedType, uploadedBy);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }

  /** The photo's format; refuses, in words an official can act on, what WhatsApp would not carry as an image. */
  static FileSignature check(byte[] bytes) {
    if (bytes == null || bytes.length == 0) throw new IllegalArgumentException("the file is empty: choose a photo (JPEG or PNG)");
    long limit = MediaKind.IMAGE.maxBytes();
    if (bytes.length > limit) {
      throw new IllegalArgumentException("the photo is " + megabytes(bytes.length) + " MB; WhatsApp takes at most "
          + megabytes(limit) + " MB: make it smaller and upload it again");
    }
    Optional<FileSignature> signature = FileSignature.of(Arrays.copyOf(bytes, Math.min(bytes.length, FileSignature.HEAD_BYTES)));
    if (signature.isEmpty() || !(signature.get() == FileSignature.JPEG || signature.get() == FileSignature.PNG)) {
      throw new IllegalArgumentException("the file is " + signature.map(s -> s.mimeType(MediaKind.IMAGE)).orElse("of no known format")
          + ", not a photo WhatsApp takes: upload a JPEG or PNG");
    }
    return signature.get();
  }

  private StoredMedia keep(byte[] bytes, String mimeType, String claimedType, String uploadedBy) throws IOException, SQLException {
    String sha256 = sha256Hex(bytes);
    String mediaId = ID_PREFIX + sha256.substring(0, 32);
    Path temporary = files.temporaryFor(sha256);
    try {
      Files.write(temporary, bytes);
      // Under the sha256's lock: a forgetting sweep cannot delete the file between its move and the row's commit.
      MediaTransaction.run(dataSource, c -> {
        MediaTable.lock(c, sha256);
        files.keep(temporary, sha256);
        MediaTable.recordUpload(c, mediaId, claimedType, mimeType, sha256, bytes.length, uploadedBy);
        return null;
      });
    } finally {
      Files.deleteIfExists(temporary);
    }
    return new StoredMedia(CHANNEL, mediaId, MediaKind.IMAGE, mimeType, bytes.length, sha256, null, files.pathOf(sha256));
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) (1L << 20));
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
