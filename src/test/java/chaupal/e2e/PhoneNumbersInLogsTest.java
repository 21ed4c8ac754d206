package chaupal.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.testing.TestLog;
import chaupal.whatsapp.PhoneNumbers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;

/**
 * Drives the failure paths that name a citizen in their log lines (a permanent send error, a journal
 * that fails under the entity, the webhook's persist timeout) through a whole node, and reads the
 * log as the configured layout writes it: no full number or BSUID, and their masked forms are there.
 */
@ResourceLock(TestLog.LINES)
class PhoneNumbersInLogsTest {

  static final String CHANNEL = "100000000000001";
  static final String UNSENDABLE = "919800010061";
  static final String UNSENDABLE_BSUID = "IN.7301Lg9800010062";
  static final String UNJOURNALED = "919800010063";

  @Test
  void failuresNamingACitizenLogOnlyTheLastFourCharacters() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> capture = captureAsConfigured(captured);
    // Akka at INFO, as in production: everything Akka says is scanned too.
    Logger akka = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("akka");
    Level akkaLevel = akka.getLevel();
    akka.setLevel(Level.INFO);
    Database db = TestDatabase.create("phone_numbers_in_logs");
    TestNode node = TestNode.start(db, Map.of("chaupal.ingress.persist-timeout", "2s", "akka.loglevel", "INFO"));
    try {
      for (String citizen : List.of(UNSENDABLE, UNSENDABLE_BSUID)) {
        node.simulator().failNext(citizen, 10, 131026, 0);
        assertEquals(200, status(node.simulator().sendText(CHANNEL, citizen, "hi")));
      }
      // Each citizen's failed sends, by their log lines: two failed rows could be one citizen's two replies
      // while the other's were still queued, and the node could close before they were sent.
      for (String citizen : List.of(UNSENDABLE, UNSENDABLE_BSUID)) {
        String masked = PhoneNumbers.mask(citizen.startsWith("IN.") ? citizen.substring(3) : citizen);
        awaitLine(captured, "a failed send of " + masked + " logged", l -> l.contains(masked) && l.contains("131026") && l.contains(" c.outbound.OutboxSender - "));
      }

      // The journal table goes away: the new citizen's entity fails its recovery and never answers.
      sql(db, "ALTER TABLE event_journal RENAME TO event_journal_away");
      try {
        assertEquals(503, status(node.simulator().sendText(CHANNEL, UNJOURNALED, "hi")));
        // The 503 comes at the persist budget, whether or not the entity's recovery has run by then: on a busy
        // machine the table could come back first, and the recovery succeed, logging no failure.
        String unjournaled = "PersistenceId [Citizen|" + PhoneNumbers.mask(UNJOURNALED);
        awaitLine(captured, "the entity's recovery failed and was logged", l -> l.startsWith("Caused by: ") && l.contains(unjournaled));
      } finally {
        sql(db, "ALTER TABLE event_journal_away RENAME TO event_journal");
      }
    } finally {
      node.close();
      db.close();
      stop(capture);
      akka.setLevel(akkaLevel);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    // The whole log goes to a file, not into each message: CI shows the end of its output, where a failure's
    // own words came after thousands of log lines and were cut off.
    java.nio.file.Path file = java.nio.file.Path.of("target", "phone-numbers-in-logs.log");
    java.nio.file.Files.writeString(file, log);
    String seeLog = " (the log: " + file.toAbsolutePath() + ")";
    for (String citizen : List.of(UNSENDABLE, UNSENDABLE_BSUID, UNJOURNALED)) {
      assertFalse(log.contains(citizen), citizen + " appears whole in the log" + seeLog);
    }
    String unsendable = "Citizen|" + PhoneNumbers.mask(UNSENDABLE) + "#";
    String unsendableBsuid = "Citizen|IN." + PhoneNumbers.mask(UNSENDABLE_BSUID.substring(3)) + "#";
    String unjournaled = "Citizen|" + PhoneNumbers.mask(UNJOURNALED);
    assertTrue(log.lines().anyMatch(l -> l.contains(unsendable) && l.contains("131026")), "the failed send's line names the message key masked" + seeLog);
    assertTrue(log.lines().anyMatch(l -> l.contains(unsendableBsuid) && l.contains("131026")), "the BSUID citizen's failed send masked" + seeLog);
    assertTrue(log.lines().anyMatch(l -> l.contains(unsendable) && l.contains("131026") && l.contains(" c.outbound.OutboxSender - ")),
        "the sender logs under its own class, so that an operator can filter its lines" + seeLog);
    assertTrue(log.lines().anyMatch(l -> l.contains("webhook not persisted") && l.contains(PhoneNumbers.mask(UNJOURNALED))),
        "the persist timeout names the entity masked" + seeLog);
    assertTrue(log.lines().anyMatch(l -> l.contains("PersistenceId [" + unjournaled + "]")),
        "Akka's persistence failure names the entity masked" + seeLog);
    assertTrue(log.lines().anyMatch(l -> l.startsWith("Caused by: ") && l.contains("PersistenceId [" + unjournaled + "]")),
        "and so does its stack trace" + seeLog);
  }

  /** An appender on the root logger with the pattern of the configured console appender, so the test reads what operators read. */
  private static OutputStreamAppender<ILoggingEvent> captureAsConfigured(ByteArrayOutputStream out) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<?> configured = (OutputStreamAppender<?>) root.getAppender("STDOUT");
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(((PatternLayoutEncoder) configured.getEncoder()).getPattern());
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    root.addAppender(appender);
    return appender;
  }

  private static void stop(OutputStreamAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
  }

  private static void awaitLine(ByteArrayOutputStream captured, String what, java.util.function.Predicate<String> line) {
    await(what).atMost(TestNode.patience()).pollInterval(Duration.ofMillis(50))
        .until(() -> captured.toString(StandardCharsets.UTF_8).lines().anyMatch(line));
  }

  private static void sql(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int status(java.util.concurrent.CompletionStage<Integer> webhook) throws Exception {
    return webhook.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
