package chaupal.whatsapp;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code GET /{media-id}} says of a media: a download URL that lives 5 minutes, its type, its
 * SHA-256 (always hex here; Meta writes hex in this answer and base64 in webhooks) and its size.
 */
public record MediaInfo(String id, String url, String mimeType, String sha256Hex, long fileSize) {

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  /** A SHA-256 as Meta writes it (64 hex digits, or 44 characters of base64) in lower-case hex; empty if it is neither. */
  public static Optional<String> sha256Hex(String written) {
    if (written == null) return Optional.empty();
    String s = written.trim();
    if (HEX.matcher(s).matches()) return Optional.of(s.toLowerCase(Locale.ROOT));
    try {
      byte[] digest = Base64.getDecoder().decode(s);
      return digest.length == 32 ? Optional.of(HexFormat.of().formatHex(digest)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
