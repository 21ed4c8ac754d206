package chaupal.platform;

import akka.Done;
import akka.actor.Cancellable;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.DispatcherSelector;
import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the journal's PostgreSQL {@code SELECT 1} every {@code interval} on its own connection, so that an
 * outage is told once when it starts and once when it ends (the journal, snapshots and projections fail
 * and retry on their own meanwhile, and say little), and readiness knows it. A check not answered within
 * {@code timeout} counts as unreachable: a frozen server accepts connections and never answers.
 */
public final class DatabaseWatch implements Extension {

  private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
  private static final String SETTINGS = "chaupal.database-watch";
  private static final String DB = "akka-persistence-jdbc.shared-databases.default.db.";
  /** Watches (one per actor system, so several in a test JVM) that see their database away now; read by the log filter. */
  private static final AtomicInteger UNREACHABLE = new AtomicInteger();
  private static volatile long lastBackAt; // nanoTime, 0 before any return
  /** Webhooks asked while the database was away are answered 503 up to their persist timeout after its return. */
  private static final Duration AFTERMATH = Duration.ofSeconds(10);

  public static final ExtensionId<DatabaseWatch> ID = new ExtensionId<>() {
    @Override
    public DatabaseWatch createExtension(ActorSystem<?> system) {
      return new DatabaseWatch(system);
    }
  };

  private final String url;
  private final Properties connection = new Properties();
  private final Duration timeout;
  private final Executor checker;
  private final Cancellable ticks;
  // Only the scheduler's tick and the one check in flight touch these; a check's result is read under the lock.
  private final Object lock = new Object();
  private Connection open;
  private long checkStartedAt; // nanoTime of the check in flight, 0 when none
  private Instant unreachableSince; // null while reachable
  private volatile boolean reachable = true;

  private DatabaseWatch(ActorSystem<?> system) {
    Config config = system.settings().config();
    Config settings = config.getConfig(SETTINGS);
    this.url = config.getString(DB + "url");
    this.timeout = settings.getDuration("timeout");
    long seconds = Math.max(1, timeout.toSeconds());
    connection.setProperty("user", config.getString(DB + "user"));
    connection.setProperty("password", config.getString(DB + "password"));
    connection.setProperty("connectTimeout", Long.toString(seconds));
    connection.setProperty("loginTimeout", Long.toString(seconds));
    connection.setProperty("socketTimeout", Long.toString(seconds + 1));
    connection.setProperty("ApplicationName", "chaupal-database-watch");
    // Its own thread: on the shared blocking dispatcher the check queued behind the work the outage stalls.
    this.checker = system.dispatchers().lookup(DispatcherSelector.fromConfig(SETTINGS + ".dispatcher"));
    Duration interval = settings.getDuration("interval");
    this.ticks = system.scheduler().scheduleAtFixedRate(interval, interval, this::tick, system.executionContext());
    // Main closes the database as the node stops: that is no outage to report.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-database-watch", () -> {
      stop();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    system.getWhenTerminated().thenRun(this::stop);
  }

  /** The watch of this node's database, started by the first call. */
  public static DatabaseWatch get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Whether the last check was answered (true until a check says otherwise). */
  public boolean reachable() {
    return reachable;
  }

  /** Whether some node in this JVM sees its database away now, or saw it come back a moment ago. */
  public static boolean awayOrJustBack() {
    long back = lastBackAt;
    return UNREACHABLE.get() > 0 || (back != 0 && System.nanoTime() - back < AFTERMATH.toNanos());
  }

  private void tick() {
    long now = System.nanoTime();
    synchronized (lock) {
      if (ticks.isCancelled()) return;
      if (checkStartedAt != 0) {
        // Away since the check that is still waiting was sent, not since its timeout ran out.
        long waited = now - checkStartedAt;
        if (waited > timeout.toNanos()) unreachable("no answer within " + timeout.toMillis() + " ms", Instant.now().minusNanos(waited));
        return;
      }
      checkStartedAt = now;
    }
    CompletableFuture.runAsync(this::check, checker).whenComplete((done, failure) -> {
      synchronized (lock) {
        checkStartedAt = 0;
        if (ticks.isCancelled()) return; // stopped meanwhile: the database may be closing with the node
        if (failure == null) reachableAgain();
        else unreachable(rootMessage(failure), Instant.now());
      }
    });
  }

  private void check() {
    try {
      if (open == null || open.isClosed()) open = DriverManager.getConnection(url, connection);
      try (Statement s = open.createStatement()) {
        s.execute("SELECT 1");
      }
    } catch (SQLException e) {
      closeQuietly();
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void unreachable(String why, Instant since) {
    if (unreachableSince != null) return;
    unreachableSince = since;
    reachable = false;
    UNREACHABLE.incrementAndGet();
    log.warn("database unreachable since {} ({}): webhooks are answered 503 so Meta sends them again, replies wait, /ready answers 503",
        unreachableSince.truncatedTo(ChronoUnit.MILLIS), why);
  }

  private void reachableAgain() {
    if (unreachableSince == null) return;
    Duration away = Duration.between(unreachableSince, Instant.now());
    log.warn("database back after {} s (unreachable since {})", away.toMillis() / 100 / 10.0,
        unreachableSince.truncatedTo(ChronoUnit.MILLIS));
    unreachableSince = null;
    reachable = true;
    lastBackAt = System.nanoTime();
    UNREACHABLE.decrementAndGet();
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private void closeQuietly() {
    if (open == null) return;
    try {
      open.close();
    } catch (SQLException ignored) {
      // a broken connection; the next check opens a new one
    }
    open = null;
  }

  private void stop() {
    if (ticks.isCancelled()) return;
    ticks.cancel();
    synchronized (lock) {
      if (unreachableSince != null) UNREACHABLE.decrementAndGet();
      unreachableSince = null;
    }
    closeQuietly();
  }
}
