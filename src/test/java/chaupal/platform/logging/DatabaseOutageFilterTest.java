package chaupal.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import chaupal.platform.DatabaseWatch;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageFilterTest {

  private final DatabaseOutageFilter filter = new DatabaseOutageFilter();
  private final LoggerContext context = new LoggerContext();

  @Test
  void aFailureCausedByTheUnreachableDatabaseIsDropped() {
    Throwable recovery = new IllegalStateException("Exception during recovery. PersistenceId [Citizen|x]",
        new SQLTransientConnectionException("db - Connection is not available, request timed out after 3000ms"));
    assertEquals(FilterReply.DENY, filter.decide(event("Supervisor StopSupervisor saw failure", recovery)));
    assertEquals(FilterReply.DENY, filter.decide(event("Restarting stream due to failure [1]: Circuit Breaker is open; calls are failing fast", null)));
  }

  @Test
  void anyOtherFailureStays() {
    Throwable constraint = new IllegalStateException("insert failed",
        new java.sql.SQLException("duplicate key value violates unique constraint", "23505"));
    assertEquals(FilterReply.NEUTRAL, filter.decide(event("could not store outcomes", constraint)));
  }

  @Test
  void theWatchsOwnLinesStayThoughTheyQuoteTheCause() {
    LoggingEvent line = new LoggingEvent("test", context.getLogger(DatabaseWatch.class), Level.WARN,
        "database unreachable since 2026-12-01T18:00:00Z (Connection to localhost:5432 refused. Check that the hostname and port are correct)",
        null, null);
    assertEquals(FilterReply.NEUTRAL, filter.decide(line));
  }

  private LoggingEvent event(String message, Throwable t) {
    return new LoggingEvent("test", context.getLogger("test"), Level.ERROR, message, t, null);
  }
}
