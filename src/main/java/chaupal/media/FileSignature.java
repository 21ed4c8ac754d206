package chaupal.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a file is, by its first bytes (its magic number), whatever the phone claimed: the few
 * formats the Cloud API carries. A kind accepts only its own formats, so a page of HTML sent as
 * {@code image/jpeg} is never served to an official as a photo.
 */
enum FileSignature {
  JPEG("image/jpeg", EnumSet.of(MediaKind.IMAGE, MediaKind.DOCUMENT)),
  PNG("image/png", EnumSet.of(MediaKind.IMAGE, MediaKind.DOCUMENT)),
  WEBP("image/webp", EnumSet.of(MediaKind.STICKER)),
  /** WhatsApp's voice notes: Opus in Ogg (Meta takes no other codec in Ogg). */
  OGG_OPUS("audio/ogg", EnumSet.of(MediaKind.AUDIO)),
  AMR("audio/amr", EnumSet.of(MediaKind.AUDIO)),
  MP3("audio/mpeg", EnumSet.of(MediaKind.AUDIO)),
  AAC("audio/aac", EnumSet.of(MediaKind.AUDIO)),
  /** ISO base media (ftyp box): audio/mp4 as audio, video/mp4 as video. */
  MP4("video/mp4", EnumSet.of(MediaKind.AUDIO, MediaKind.VIDEO)),
  THREE_GP("video/3gpp", EnumSet.of(MediaKind.VIDEO)),
  PDF("application/pdf", EnumSet.of(MediaKind.DOCUMENT));

  /** Bytes to read from the start of a file to tell its format. */
  static final int HEAD_BYTES = 64;

  private final String mimeType;
  private final Set<MediaKind> kinds;

  FileSignature(String mimeType, Set<MediaKind> kinds) {
    this.mimeType = mimeType;
    this.kinds = kinds;
  }

  boolean fits(MediaKind kind) {
    return kinds.contains(kind);
  }

  /** The type to serve these bytes with, as this kind. */
  String mimeType(MediaKind kind) {
    return this == MP4 && kind == MediaKind.AUDIO ? "audio/mp4" : mimeType;
  }

  /** The format of a file that starts with {@code head}; empty when it is none of these. */
  static Optional<FileSignature> of(byte[] head) {
    if (starts(head, 0, 0xFF, 0xD8, 0xFF)) return Optional.of(JPEG);
    if (starts(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(PNG);
    if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) return Optional.of(WEBP);
    // The first Ogg page (27-byte header, then one segment-table byte) holds the OpusHead packet.
    if (ascii(head, 0, "OggS") && ascii(head, 28, "OpusHead")) return Optional.of(OGG_OPUS);
    if (ascii(head, 0, "#!AMR")) return Optional.of(AMR);
    if (ascii(head, 0, "%PDF-")) return Optional.of(PDF);
    if (ascii(head, 4, "ftyp")) return Optional.of(ascii(head, 8, "3g") ? THREE_GP : MP4);
    if (ascii(head, 0, "ID3")) return Optional.of(MP3);
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
      // An MPEG audio frame sync; layer bits 00 are ADTS (AAC), the others MPEG layers I-III.
      int layer = (head[1] >> 1) & 0x03;
      return Optional.of(layer == 0 ? AAC : MP3);
    }
    return Optional.empty();
  }

  private static boolean starts(byte[] head, int at, int... bytes) {
    if (head.length < at + bytes.length) return false;
    for (int i = 0; i < bytes.length; i++) if ((head[at + i] & 0xFF) != bytes[i]) return false;
    return true;
  }

  private static boolean ascii(byte[] head, int at, String text) {
    byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
    return head.length >= at + expected.length && Arrays.equals(head, at, at + expected.length, expected, 0, expected.length);
  }
}
