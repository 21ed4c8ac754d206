package chaupal.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run left in the embedded PostgreSQL's {@code postmaster.pid}. pg_ctl starts
 * PostgreSQL in a session of its own, so it outlives a Chaupal killed with -9 and keeps the data
 * directory; and after a power loss the file can name a pid that another program got since, which
 * PostgreSQL itself takes for a running server. Called only while this process holds the
 * {@link DataDirectoryLock}: no live Chaupal owns the server then.
 */
record LeftoverPostmaster(long pid, Path pidFile) {

  private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
  static final String PID_FILE = "postmaster.pid";

  /** Stops an orphaned postmaster of {@code pgDir} cleanly, or removes a pid file that names none. */
  static void clear(Path pgDir, Duration stopWithin) throws IOException {
    Optional<LeftoverPostmaster> left = read(pgDir);
    if (left.isEmpty()) return;
    LeftoverPostmaster p = left.get();
    if (p.servesDirectory(pgDir)) {
      p.stop(pgDir, stopWithin);
    } else {
      log.info("removing the stale {} of the embedded PostgreSQL: pid {} is not its server", p.pidFile(), p.pid());
      Files.deleteIfExists(p.pidFile());
    }
  }

  static Optional<LeftoverPostmaster> read(Path pgDir) throws IOException {
    Path file = pgDir.resolve(PID_FILE);
    if (!Files.exists(file)) return Optional.empty();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    try {
      return Optional.of(new LeftoverPostmaster(Long.parseLong(lines.get(0).trim()), file));
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      return Optional.of(new LeftoverPostmaster(-1, file)); // torn by a crash while PostgreSQL wrote it
    }
  }

  /**
   * Whether the pid is a live PostgreSQL server running in {@code pgDir}: the program is
   * {@code postgres} and its working directory is the data directory (the server changes into
   * it). A pid reused by any other program, or by a PostgreSQL of another directory, is not.
   */
  boolean servesDirectory(Path pgDir) {
    if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      String program = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
      Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
      return program.equals("postgres") && cwd.equals(pgDir.toRealPath());
    } catch (IOException | SecurityException e) {
      return false; // gone meanwhile, or another user's process: not ours
    }
  }

  /** A fast shutdown (SIGINT, as {@code pg_ctl stop -m fast}): open sessions end, everything committed stays. */
  private void stop(Path pgDir, Duration within) throws IOException {
    log.warn("the embedded PostgreSQL of an earlier run (pid {}) still runs in {}; stopping it before starting", pid, pgDir);
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
    try {
      kill.waitFor(10, TimeUnit.SECONDS);
      Optional<ProcessHandle> server = ProcessHandle.of(pid);
      if (server.isPresent()) server.get().onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the embedded PostgreSQL of an earlier run (pid " + pid + ") still holds " + pgDir
          + " and did not stop within " + within.toSeconds() + " s; stop it (kill -INT " + pid + ") and start again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the embedded PostgreSQL of an earlier run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
