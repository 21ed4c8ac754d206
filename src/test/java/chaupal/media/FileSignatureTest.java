package chaupal.media;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Formats by their first bytes, and which kind takes which. */
class FileSignatureTest {

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
    return out;
  }

  private static byte[] at(int offset, String first, int secondAt, String second) {
    byte[] out = new byte[64];
    System.arraycopy(first.getBytes(StandardCharsets.US_ASCII), 0, out, offset, first.length());
    if (second != null) System.arraycopy(second.getBytes(StandardCharsets.US_ASCII), 0, out, secondAt, second.length());
    return out;
  }

  @Test
  void eachFormatIsToldByItsMagicNumber() {
    assertEquals(Optional.of(FileSignature.JPEG), FileSignature.of(bytes(0xFF, 0xD8, 0xFF, 0xE1, 0, 0)));
    assertEquals(Optional.of(FileSignature.PNG), FileSignature.of(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0)));
    assertEquals(Optional.of(FileSignature.WEBP), FileSignature.of(at(0, "RIFF", 8, "WEBP")));
    assertEquals(Optional.of(FileSignature.OGG_OPUS), FileSignature.of(at(0, "OggS", 28, "OpusHead")));
    assertEquals(Optional.empty(), FileSignature.of(at(0, "OggS", 28, "\u0001vorbis")), "Ogg without Opus is not what WhatsApp sends");
    assertEquals(Optional.of(FileSignature.MP4), FileSignature.of(at(4, "ftypisom", 0, null)));
    assertEquals(Optional.of(FileSignature.THREE_GP), FileSignature.of(at(4, "ftyp3gp4", 0, null)));
    assertEquals(Optional.of(FileSignature.PDF), FileSignature.of(at(0, "%PDF-1.7", 0, null)));
    assertEquals(Optional.of(FileSignature.AMR), FileSignature.of(at(0, "#!AMR\n", 0, null)));
    assertEquals(Optional.of(FileSignature.MP3), FileSignature.of(at(0, "ID3", 0, null)));
    assertEquals(Optional.of(FileSignature.MP3), FileSignature.of(bytes(0xFF, 0xFB, 0x90)));
    assertEquals(Optional.of(FileSignature.AAC), FileSignature.of(bytes(0xFF, 0xF1, 0x50)));
    assertEquals(Optional.empty(), FileSignature.of("<html>".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Optional.empty(), FileSignature.of(new byte[0]));
  }

  @Test
  void aKindTakesOnlyItsOwnFormats() {
    assertTrue(FileSignature.JPEG.fits(MediaKind.IMAGE));
    assertTrue(FileSignature.JPEG.fits(MediaKind.DOCUMENT), "a photo sent as a document");
    assertFalse(FileSignature.PDF.fits(MediaKind.IMAGE));
    assertFalse(FileSignature.WEBP.fits(MediaKind.IMAGE), "webp only as a sticker");
    assertFalse(FileSignature.OGG_OPUS.fits(MediaKind.VIDEO));
    assertEquals("audio/mp4", FileSignature.MP4.mimeType(MediaKind.AUDIO));
    assertEquals("video/mp4", FileSignature.MP4.mimeType(MediaKind.VIDEO));
  }

  @Test
  void everyMessageTypeWithMediaHasAKind() {
    assertEquals(Optional.of(MediaKind.AUDIO), MediaKind.ofMessageType("voice"));
    assertEquals(Optional.of(MediaKind.IMAGE), MediaKind.ofMessageType("image"));
    assertEquals(Optional.empty(), MediaKind.ofMessageType("location"));
  }
}
