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

  /** Whatever the bytes, the parser answers with a payload or a MalformedWebhookException, nothing else. */
  @FuzzTest(maxDuration = "60s")
  void parse(byte[] body) {
    try {
      WebhookPayload payload = WebhookParser.parse(body);
      for (Change change : payload.changes()) {
        for (InboundMessage m : change.messages()) {
          assertNotNull(m.wamid());
          assertNotNull(change.citizenKey(m));
          assertNotNull(m.content());
          assertNotNull(m.timestamp());
        }
        for (StatusUpdate s : change.statuses()) {
          assertNotNull(s.status());
        }
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
