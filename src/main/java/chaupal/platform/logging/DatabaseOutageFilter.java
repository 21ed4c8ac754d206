package chaupal.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import chaupal.platform.DatabaseWatch;
import java.util.List;

/**
 * Drops the lines that only say the database cannot be reached: while PostgreSQL is away every
 * entity's recovery and write, every projection and every pooled connection failed with its own
 * stack trace, thousands of lines for one cause. {@code platform.DatabaseWatch} checks the database
 * every second and tells the outage in two lines instead: one when it starts, one when it ends.
 * Failures for any other reason (a constraint, a bad query, a serialization error) still show.
 */
public final class DatabaseOutageFilter extends Filter<ILoggingEvent> {

  /** What the JDBC driver, HikariCP and Akka's circuit breakers say when the server is away, frozen or restarting. */
  static final List<String> UNREACHABLE = List.of(
      "Connection is not available, request timed out",
      "refused. Check that the hostname and port are correct",
      "terminating connection due to administrator command",
      "the database system is shutting down",
      "the database system is starting up",
      "This connection has been closed",
      "Connection is closed",
      "An I/O error occurred while sending to the backend",
      "Circuit Breaker is open",
      "Circuit Breaker Timed out");

  /** The ingress's line for each webhook it answers 503: while the database is away, the watch's line says it for all. */
  static final String WEBHOOK_NOT_PERSISTED = "webhook not persisted";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLoggerName().equals(DatabaseWatch.class.getName())) return FilterReply.NEUTRAL; // its lines quote the cause
    String message = event.getFormattedMessage();
    if (unreachable(message)) return FilterReply.DENY;
    if (message != null && message.startsWith(WEBHOOK_NOT_PERSISTED) && DatabaseWatch.awayOrJustBack()) return FilterReply.DENY;
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (unreachable(t.getMessage())) return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  static boolean unreachable(String text) {
    if (text == null) return false;
    for (String marker : UNREACHABLE) {
      if (text.contains(marker)) return true;
    }
    return false;
  }
}
