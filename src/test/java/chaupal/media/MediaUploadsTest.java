package chaupal.media;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Officials' photos: checked by their first bytes, stored like the citizens' media, found by Media.open, kept when a citizen is forgotten. */
class MediaUploadsTest {

  @TempDir
  static Path dataDir;
  static MediaTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new MediaTestNode(TestDatabase.create("media_uploads_test"), dataDir, "uploads");
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static byte[] png(int size) {
    byte[] out = new byte[size];
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(magic, 0, out, 0, magic.length);
    return out;
  }

  private static StoredMedia store(byte[] bytes, String claimed) throws Exception {
    return node.media.uploads().store(bytes, claimed, "officer.jal.water").toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String refusal(byte[] bytes, String claimed) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> store(bytes, claimed));
    Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
    assertInstanceOf(IllegalArgumentException.class, cause);
    return cause.getMessage();
  }

  @Test
  void aPhotoIsStoredUnderItsShaAndOpensLikeACitizensMedia() throws Exception {
    byte[] photo = MediaDownloadTest.jpeg("pipe repaired at ward 12");
    StoredMedia stored = store(photo, "image/jpeg");

    String sha = FakeGraph.sha256(photo);
    assertEquals("upload-" + sha.substring(0, 32), stored.mediaId());
    assertEquals("image/jpeg", stored.mimeType());
    assertArrayEquals(photo, Files.readAllBytes(node.media.files().pathOf(sha)));
    assertEquals(Optional.of(stored), node.media.open(stored.mediaId()).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertArrayEquals(photo, node.media.read(stored.mediaId()).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow().bytes());
    assertEquals(stored, store(photo, "image/jpeg"), "the same photo again is the same upload");
    assertEquals(1L, node.<Long>query("SELECT count(*) FROM media_file WHERE sha256 = ?", rs -> {
      rs.next();
      return rs.getLong(1);
    }, sha));
  }

  @Test
  void aPngClaimedAsJpegIsStoredAsWhatItIs() throws Exception {
    assertEquals("image/png", store(png(200), "image/jpeg").mimeType());
  }

  @Test
  void somethingThatIsNotAPhotoIsRefused() {
    String pdf = refusal("%PDF-1.7 the work order".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "image/jpeg");
    assertTrue(pdf.contains("application/pdf") && pdf.contains("JPEG or PNG"), pdf);
    String html = refusal("<html>not a photo</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "image/png");
    assertTrue(html.contains("no known format"), html);
  }

  @Test
  void anEmptyFileIsRefused() {
    assertTrue(refusal(new byte[0], "image/png").contains("empty"));
  }

  @Test
  void aPhotoOverFiveMegabytesIsRefused() throws Exception {
    String message = refusal(png((5 << 20) + 1), "image/png");
    assertTrue(message.contains("at most 5.0 MB"), message);
    assertEquals("image/png", store(png(5 << 20), "image/png").mimeType(), "exactly 5 MB fits");
  }

  @Test
  void forgettingACitizenWithTheSamePhotoKeepsTheUploadAndItsFile() throws Exception {
    byte[] photo = MediaDownloadTest.jpeg("garbage cleared, also sent by the citizen");
    node.graph.put("2000000000000101", "image/jpeg", photo);
    node.send("919800010101", "image", "2000000000000101", "image/jpeg");
    node.awaitState("2000000000000101", "stored");
    StoredMedia upload = store(photo, "image/jpeg");

    try (Connection c = node.db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      node.media.forgetting().forgetCitizens(c, List.of("919800010101"));
      c.commit();
    }
    // The fetcher's sweep runs between polls; give it time to (wrongly) delete the file.
    Thread.sleep(Duration.ofSeconds(2).toMillis());
    assertTrue(Files.exists(upload.path()), "the upload still needs the file");
    assertEquals(Optional.of(upload), node.media.open(upload.mediaId()).toCompletableFuture().get(10, TimeUnit.SECONDS));
  }
}
