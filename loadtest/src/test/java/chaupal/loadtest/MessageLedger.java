package chaupal.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a run sent, written to a file at the end so {@code run.sh} can compare it with what the
 * server persisted and answered. A message is one wamid; a delivery is one POST of it (Meta
 * re-delivers the same wamid after a 429 or 503). Every delivery is also a line of
 * {@value #DELIVERIES_FILE} next to the ledger ({@code wa_id, wamid, status}; 0: no answer), in the
 * order each citizen sent them, which {@code run.sh} checks against the journal.
 */
final class MessageLedger {

  static final String DELIVERIES_FILE = "deliveries.tsv";

  private final LongAdder citizens = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder shed = new LongAdder();
  private final LongAdder firstAcknowledged = new LongAdder();
  private final LongAdder redeliveries = new LongAdder();
  private final Instant started = Instant.now();
  private final Writer deliveryLines = openDeliveries();

  void citizenStarted() {
    citizens.increment();
  }

  void messageCreated() {
    messages.increment();
  }

  /** One POST of {@code wamid} by citizen {@code waId} was answered {@code status} (0: not at all). */
  void delivered(String waId, String wamid, int status) {
    synchronized (deliveryLines) {
      try {
        deliveryLines.write(waId + '\t' + wamid + '\t' + status + '\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + DELIVERIES_FILE, e);
      }
    }
    if (status == 0) return;
    deliveries.increment();
    if (status == 429 || status == 503) {
      shed.increment();
    }
  }

  private static Writer openDeliveries() {
    Path path = file().toAbsolutePath().resolveSibling(DELIVERIES_FILE);
    try {
      Files.createDirectories(path.getParent());
      return Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  void acknowledged() {
    acknowledged.increment();
  }

  /** A citizen's first message was answered 200: it is persisted, and gets two replies. */
  void firstAcknowledged() {
    firstAcknowledged.increment();
  }

  /** A message is posted again (same wamid) after a 429 or 503. */
  void redelivered() {
    redeliveries.increment();
  }

  long acknowledgedCount() {
    return acknowledged.sum();
  }

  void write(String simulation, long firstCitizen) {
    write(simulation, firstCitizen, Map.of());
  }

  /** Where the ledger goes ({@code -DledgerFile}); files a simulation writes besides it go next to it. */
  static Path file() {
    return Path.of(RunParameters.string("ledgerFile", "target/loadtest-ledger.properties"));
  }

  /** The ledger with a simulation's own figures after the common ones, in {@code extra}'s order. */
  void write(String simulation, long firstCitizen, Map<String, ?> extra) {
    Path file = file();
    String text = String.join("\n",
        "simulation=" + simulation,
        "started=" + started,
        "finished=" + Instant.now(),
        "citizens=" + citizens.sum(),
        "first_citizen=" + firstCitizen,
        "messages=" + messages.sum(),
        "deliveries=" + deliveries.sum(),
        "acknowledged=" + acknowledged.sum(),
        "shed=" + shed.sum(),
        "first_acknowledged=" + firstAcknowledged.sum(),
        "redeliveries=" + redeliveries.sum(),
        "");
    StringBuilder more = new StringBuilder();
    extra.forEach((name, value) -> more.append(name).append('=').append(value).append('\n'));
    text += more;
    try {
      synchronized (deliveryLines) {
        deliveryLines.close();
      }
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ledger " + file, e);
    }
    System.out.println("Ledger " + file.toAbsolutePath() + ":\n" + text);
  }
}
