package chaupal.media;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads outlive the node that started them, and end when Meta no longer keeps the media. */
class MediaRestartTest {

  @TempDir
  Path dataDir;

  @Test
  void aRestartedNodeResumesThePendingDownloads() throws Exception {
    Database db = TestDatabase.create("media_restart_test");
    byte[] photo = MediaDownloadTest.jpeg("overflowing drain, sent before the restart");
    int triesBefore;
    try (MediaTestNode first = new MediaTestNode(db, dataDir, "media-first")) {
      first.graph.put("3000000000000001", "image/jpeg", photo);
      first.graph.failDownloads("3000000000000001", 1_000);
      first.send("919800010011", "image", "3000000000000001", "image/jpeg");
      MediaTestNode.await(Duration.ofSeconds(20), () -> first.row("3000000000000001").get("attempts") instanceof Integer n && n >= 2);
      triesBefore = (Integer) first.row("3000000000000001").get("attempts");
      assertEquals("pending", first.state("3000000000000001"));
    }

    try (MediaTestNode second = new MediaTestNode(db, dataDir, "media-second")) {
      second.graph.put("3000000000000001", "image/jpeg", photo);
      second.awaitState("3000000000000001", "stored");
      assertTrue((Integer) second.row("3000000000000001").get("attempts") > triesBefore);
      assertArrayEquals(photo, Files.readAllBytes(second.media.files().pathOf(FakeGraph.sha256(photo))));
    }
  }

  @Test
  void aMediaStillFailingWhenMetaNoLongerKeepsItIsGivenUp() throws Exception {
    Database db = TestDatabase.create("media_max_age_test");
    try (MediaTestNode node = new MediaTestNode(db, dataDir, "media-old", "chaupal.media.max-age = 1s")) {
      node.graph.put("3000000000000002", "image/jpeg", MediaDownloadTest.jpeg("never downloadable"));
      node.graph.failDownloads("3000000000000002", 1_000);
      node.send("919800010012", "image", "3000000000000002", "image/jpeg");
      node.awaitState("3000000000000002", "failed");
      assertTrue(((String) node.row("3000000000000002").get("last_error")).contains("given up"), node.row("3000000000000002").toString());
    }
  }
}
