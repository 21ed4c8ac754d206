package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaJsonAndSignatureTest {

  private static final byte[] SECRET = WebhookSignature.secret("test_app_secret");

  @Test
  void escapesLikeMeta() {
    byte[] out = MetaJson.write(Map.of("k", "café/👍"));
    assertEquals("{\"k\":\"caf\\u00e9\\/\\ud83d\\udc4d\"}", new String(out, StandardCharsets.US_ASCII));
  }

  @Test
  void referenceVectors() {
    byte[] escaped = "{\"k\":\"caf\\u00e9\"}".getBytes(StandardCharsets.US_ASCII);
    assertEquals(17, escaped.length);
    assertEquals("sha256=8617483efedd467537bf189e613f108712eb97469d587c462cb70bdeecc56c3c",
        WebhookSignature.sign(escaped, SECRET));
    byte[] utf8 = "{\"k\":\"café\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("sha256=065fa3d7dbef01a1634f708357085d35de7fea6c3d208759de58abbe023e1442",
        WebhookSignature.sign(utf8, SECRET));
    assertArrayEquals(escaped, MetaJson.write(Map.of("k", "café")));
  }

  @Test
  void verifyRejectsWrongMissingAndMalformed() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
    String good = WebhookSignature.sign(body, SECRET);
    assertTrue(WebhookSignature.verify(good, body, SECRET));
    assertTrue(WebhookSignature.verify(good.toUpperCase().replace("SHA256=", "sha256="), body, SECRET));
    assertFalse(WebhookSignature.verify(null, body, SECRET));
    assertFalse(WebhookSignature.verify("", body, SECRET));
    assertFalse(WebhookSignature.verify("sha256=", body, SECRET));
    assertFalse(WebhookSignature.verify(good.substring(0, good.length() - 1) + "0".repeat(1).replace("0", good.endsWith("0") ? "1" : "0"), body, SECRET));
    assertFalse(WebhookSignature.verify("sha1=" + good.substring(7), body, SECRET));
    assertFalse(WebhookSignature.verify(good + "00", body, SECRET));
    assertFalse(WebhookSignature.verify("sha256=" + "zz".repeat(32), body, SECRET));
    assertFalse(WebhookSignature.verify(good, "{\"a\":2}".getBytes(StandardCharsets.US_ASCII), SECRET));
  }
}
