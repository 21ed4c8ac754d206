package chaupal.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Hub-Signature-256}: HMAC-SHA256 of the raw body with the app secret, as {@code sha256=<hex>}. */
public final class WebhookSignature {

  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The header value Meta would send for these exact bytes. */
  public static String sign(byte[] body, byte[] appSecret) {
    return PREFIX + HexFormat.of().formatHex(hmac(body, appSecret));
  }

  /**
   * True only when the header is {@code sha256=} followed by the 64 hex digits of the HMAC of
   * these exact bytes. Compared in constant time; upper-case hex is accepted.
   */
  public static boolean verify(String header, byte[] body, byte[] appSecret) {
    if (header == null || appSecret == null || appSecret.length == 0) return false;
    String h = header.trim();
    if (!h.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || h.length() != PREFIX.length() + 64) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, hmac(body, appSecret));
  }

  public static byte[] secret(String appSecret) {
    return appSecret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] body, byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
