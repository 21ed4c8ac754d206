package chaupal.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The attachments on disk, content-addressed: {@code <root>/sha256/ab/cd/<hex>}. A file is written
 * next to its place under a temporary name, forced to disk and moved into place in one step, so a
 * crash leaves either the whole file or none; the same bytes are kept once, however many send them.
 * Blocking: called on the blocking dispatcher only.
 */
public final class MediaFiles {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String PART = ".part";

  private final Path root;

  public MediaFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** {@code <dataDir>/media}. */
  public static MediaFiles under(Path dataDir) {
    return new MediaFiles(dataDir.resolve("media"));
  }

  public Path root() {
    return root;
  }

  public Path pathOf(String sha256) {
    if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
    return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  public boolean has(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }

  /** A fresh temporary file in the directory the file of {@code sha256} goes to (created if need be). */
  Path temporaryFor(String sha256) throws IOException {
    Path dir = pathOf(sha256).getParent();
    Files.createDirectories(dir);
    return dir.resolve("." + sha256 + "." + UUID.randomUUID() + PART);
  }

  /** The format of a file by its first bytes. */
  static Optional<FileSignature> signatureOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return FileSignature.of(in.readNBytes(FileSignature.HEAD_BYTES));
    }
  }

  /**
   * Puts a downloaded temporary file in the place of {@code sha256} (the caller checked its hash);
   * when the place already holds the file, keeps that one and deletes the temporary.
   */
  void keep(Path temporary, String sha256) throws IOException {
    Path target = pathOf(sha256);
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(temporary);
      return;
    }
    try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temporary);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the media directory " + root + " cannot move files atomically; put it on one local file system", e);
    }
    forceDirectory(target.getParent());
  }

  /** Deletes the file of {@code sha256}, if there is one. */
  boolean delete(String sha256) throws IOException {
    return Files.deleteIfExists(pathOf(sha256));
  }

  // The rename is durable only once the directory entry is on disk too.
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory; the file itself is on disk.
    }
  }
}
