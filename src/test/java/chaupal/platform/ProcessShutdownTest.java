package chaupal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaupal as an operator runs it: its own JVM on the embedded default, stopped with SIGTERM. The
 * database must outlive everything that still writes to it during the shutdown.
 */
class ProcessShutdownTest {

  @TempDir
  Path dir;
  private ChaupalProcess node;

  @AfterEach
  void stopWhatIsLeft() throws IOException {
    if (node != null) node.stopWhatIsLeft(dir.resolve("data"));
  }

  @Test
  void sigtermStopsTheDatabaseOnlyAfterTheNodeHasStoppedUsingIt() throws Exception {
    node = ChaupalProcess.start(dir, dir.resolve("data"), "chaupal", false);
    node.awaitReady(Duration.ofSeconds(120));
    // Citizens write in just before the stop: the node is persisting, projecting and sending
    // replies, and recording their outcomes, while it shuts down.
    for (int i = 0; i < 40; i++) {
      assertEquals(200, node.sendText("9198000" + (10000 + i), "wamid.shutdown" + i)); // fictional numbers
    }

    node.process.destroy(); // SIGTERM, as systemd and Kubernetes stop a node
    assertTrue(node.process.waitFor(60, TimeUnit.SECONDS), "stopped within 60 s of SIGTERM");

    String output = node.output();
    assertTrue(output.contains("Chaupal listening on"), output);
    // What the node logs when the database goes away under it: the outbox failing to read or to
    // record outcomes, a projection's stream restarting, a connection of Chaupal's pool broken.
    List<String> failures = output.lines()
        .filter(line -> line.contains("could not read") || line.contains("could not store")
            || line.contains("Restarting stream due to failure") && line.contains("terminating connection")
            || line.contains("chaupal - Connection"))
        .toList();
    assertEquals(List.of(), failures, "nothing of the node used the database after it was stopped");
    assertFalse(Files.exists(dir.resolve("data").resolve("postgres").resolve("postmaster.pid")),
        "PostgreSQL stopped cleanly with the node");
  }
}
