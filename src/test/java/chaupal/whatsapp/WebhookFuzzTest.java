package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests. Plain {@code mvn test} runs them in regression mode over the seeds in
 * {@code src/test/resources/chaupal/whatsapp/WebhookFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} they fuzz.
 */
class WebhookFuzzTest {

  private static final byte[] SECRET = WebhookSignature.secret("test_app_secret");

  /**
   * Whatever the bytes, the parser answers with a payload or a MalformedWebhookException, nothing
   * else; what it takes has a sender and ids a column can hold, what it sets aside says where and why.
   */
  @FuzzTest(maxDuration = "60s")
  void parse(byte[] body) {
    try {
      WebhookPayload payload = WebhookParser.parse(body);
      for (Change change : payload.changes()) {
        for (InboundMessage m : change.messages()) {
          assertNotNull(m.wamid());
          String key = change.citizenKey(m);
          assertTrue(key.length() <= 135 && key.chars().allMatch(c -> c > ' ' && c <= '~'), key);
          assertTrue(m.wamid().length() <= 128);
          assertNotNull(m.content());
          assertNotNull(m.timestamp());
        }
        for (StatusUpdate s : change.statuses()) {
          assertNotNull(s.status());
          assertTrue(s.wamid().length() <= 128);
        }
      }
      for (RejectedElement r : payload.rejected()) {
        assertNotNull(r.path());
        assertNotNull(r.reason());
        assertTrue(r.raw() == null || r.raw().length() <= RejectedElement.MAX_RAW + 3);
      }
    } catch (MalformedWebhookException e) {
      assertNotNull(e.getMessage());
    }
  }

  /** Verify never throws, and a signature we made ourselves always verifies. */
  @FuzzTest(maxDuration = "60s")
  void verify(FuzzedDataProvider data) {
    byte[] secret = data.consumeBytes(64);
    String header = data.consumeString(100);
    byte[] body = data.consumeRemainingAsBytes();
    WebhookSignature.verify(header, body, secret);
    WebhookSignature.verify(header, body, SECRET);
    assertTrue(WebhookSignature.verify(WebhookSignature.sign(body, SECRET), body, SECRET));
    assertFalse(WebhookSignature.verify(header, body, new byte[0]));
  }
}
