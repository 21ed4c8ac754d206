package chaupal.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@code X-Hub-Signature-256} value Meta sends: HMAC-SHA256 of the exact body bytes. */
final class HubSignature {

  static final String HEADER = "X-Hub-Signature-256";

  private final SecretKeySpec key;

  HubSignature(String appSecret) {
    this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String sign(byte[] body) {
    try {
      // Mac instances are not thread-safe and cheap to create; virtual users run on many threads.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
