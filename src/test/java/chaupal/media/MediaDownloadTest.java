package chaupal.media;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Citizens' attachments from the journal to disk: retries, checks, sharing, forgetting. Real PostgreSQL, a fake Graph API. */
class MediaDownloadTest {

  @TempDir
  static Path dataDir;
  static MediaTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new MediaTestNode(TestDatabase.create("media_download_test"), dataDir, "media");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static byte[] jpeg(String text) {
    byte[] body = ("JFIF " + text).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[body.length + 4];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xE0;
    System.arraycopy(body, 0, out, 4, body.length);
    return out;
  }

  static byte[] voiceNote() {
    byte[] out = new byte[64];
    System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
    System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, out, 28, 8);
    return out;
  }

  @Test
  void aDownloadThatFailsTwiceIsStoredOnTheThirdTryOnceUnderItsSha() throws Exception {
    byte[] photo = jpeg("water pipe burst near the ward office");
    node.graph.put("2000000000000001", "image/jpeg", photo);
    node.graph.failDownloads("2000000000000001", 2);

    node.send("919800010001", "image", "2000000000000001", "image/jpeg");

    node.awaitState("2000000000000001", "stored");
    var row = node.row("2000000000000001");
    assertEquals(3, row.get("attempts"));
    assertEquals(3, node.graph.downloads("2000000000000001"));
    String sha = FakeGraph.sha256(photo);
    assertEquals(sha, row.get("sha256"));
    assertEquals("image/jpeg", row.get("mime_type"));
    Path file = dataDir.resolve("media/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
    assertArrayEquals(photo, Files.readAllBytes(file));
    assertEquals(1, node.files().stream().filter(p -> p.getFileName().toString().contains(sha)).count(), "one file, no leftovers");

    Optional<StoredMedia> opened = node.media.open(MediaTestNode.CHANNEL, "2000000000000001").toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(Optional.of(new StoredMedia(MediaTestNode.CHANNEL, "2000000000000001", MediaKind.IMAGE, "image/jpeg", photo.length,
        sha, "919800010001", file)), opened);
    assertEquals(opened, node.media.open("2000000000000001").toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), node.media.open("100000000000099", "2000000000000001").toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aBodyWhoseShaIsNotMetasIsTriedAgain() {
    byte[] voice = voiceNote();
    node.graph.put("2000000000000002", "audio/ogg; codecs=opus", voice);
    node.graph.corruptDownloads("2000000000000002", 1);

    node.send("919800010002", "audio", "2000000000000002", "audio/ogg; codecs=opus");

    node.awaitState("2000000000000002", "stored");
    assertEquals(2, node.row("2000000000000002").get("attempts"));
    assertEquals("audio/ogg", node.row("2000000000000002").get("mime_type"));
    assertEquals(FakeGraph.sha256(voice), node.row("2000000000000002").get("sha256"));
  }

  @Test
  void aFileThatClaimsToBeAJpegButIsNotIsRefused() {
    byte[] page = "<html><body>not a photo</body></html>".getBytes(StandardCharsets.US_ASCII);
    node.graph.put("2000000000000003", "image/jpeg", page);

    node.send("919800010003", "image", "2000000000000003", "image/jpeg");

    node.awaitState("2000000000000003", "failed");
    assertTrue(((String) node.row("2000000000000003").get("last_error")).contains("not a image"), node.row("2000000000000003").toString());
    String sha = FakeGraph.sha256(page);
    assertTrue(node.files().stream().noneMatch(p -> p.getFileName().toString().contains(sha)), "nothing kept of it");
  }

  @Test
  void twoCitizensSendingTheSameBytesShareOneFile() {
    byte[] photo = jpeg("garbage heap forwarded by a neighbour");
    node.graph.put("2000000000000004", "image/jpeg", photo);
    node.graph.put("2000000000000005", "image/jpeg", photo);

    node.send("919800010004", "image", "2000000000000004", "image/jpeg");
    node.awaitState("2000000000000004", "stored");
    node.send("919800010005", "image", "2000000000000005", "image/jpeg");
    node.awaitState("2000000000000005", "stored");

    String sha = FakeGraph.sha256(photo);
    assertEquals(sha, node.row("2000000000000005").get("sha256"));
    assertEquals(1, node.files().stream().filter(p -> p.getFileName().toString().contains(sha)).count());
    assertEquals(0, node.graph.downloads("2000000000000005"), "the second is known by Meta's SHA-256: not downloaded again");
  }

  @Test
  void aMediaTooLargeForItsKindIsGivenUp() {
    byte[] huge = new byte[(int) MediaKind.STICKER.maxBytes() + 1];
    System.arraycopy("RIFF....WEBP".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 12);
    node.graph.put("2000000000000006", "image/webp", huge);

    node.send("919800010006", "sticker", "2000000000000006", "image/webp");

    node.awaitState("2000000000000006", "failed");
    assertEquals(1, node.row("2000000000000006").get("attempts"));
    assertEquals(0, node.graph.downloads("2000000000000006"));
  }

  @Test
  void forgettingACitizenDeletesTheirRowsAndOnlyTheFilesNoOneElseNeeds() throws Exception {
    byte[] shared = jpeg("open manhole, sent by two citizens");
    byte[] own = jpeg("broken street light, sent by one");
    node.graph.put("2000000000000007", "image/jpeg", shared);
    node.graph.put("2000000000000008", "image/jpeg", own);
    node.graph.put("2000000000000009", "image/jpeg", shared);
    node.send("919800010007", "image", "2000000000000007", "image/jpeg");
    node.send("919800010007", "image", "2000000000000008", "image/jpeg");
    node.send("919800010008", "document", "2000000000000009", "image/jpeg");
    for (String id : List.of("2000000000000007", "2000000000000008", "2000000000000009")) node.awaitState(id, "stored");
    Path sharedFile = node.media.files().pathOf(FakeGraph.sha256(shared));
    Path ownFile = node.media.files().pathOf(FakeGraph.sha256(own));

    forget("919800010007");

    long left = node.query("SELECT count(*) FROM media_file WHERE citizen_id = ?", rs -> {
      rs.next();
      return rs.getLong(1);
    }, "919800010007");
    assertEquals(0, left);
    MediaTestNode.await(Duration.ofSeconds(10), () -> !Files.exists(ownFile));
    assertTrue(Files.exists(sharedFile), "the other citizen's row still needs it");
    assertEquals("stored", node.state("2000000000000009"));

    forget("919800010008");
    MediaTestNode.await(Duration.ofSeconds(10), () -> !Files.exists(sharedFile));
  }

  private static void forget(String waId) throws Exception {
    try (Connection c = node.db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      node.media.forgetting().forgetCitizens(c, List.of(waId));
      c.commit();
    }
  }
}
