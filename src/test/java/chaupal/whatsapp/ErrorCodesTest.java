package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {

  @Test
  void retryableCodes() {
    for (int code : new int[] {130429, 131056, 131000, 131057, 131048, 4, 80007, 3}) {
      assertTrue(ErrorCodes.retryable(code), "code " + code);
      assertTrue(ErrorCodes.retryable(code, 400), "code " + code);
    }
  }

  @Test
  void permanentCodes() {
    for (int code : new int[] {131026, 131047, 131049, 131050, 131051, 131052, 131053, 132000, 132001, 132005, 132007,
        132012, 132015, 132016, 133010, 100, 190, 368, 10, 200, 250, 299, 131031, 470, 0}) {
      assertFalse(ErrorCodes.retryable(code), "code " + code);
      assertFalse(ErrorCodes.retryable(code, 500), "a known permanent code stays permanent under 5xx: " + code);
      assertTrue(ErrorCodes.known(code), "code " + code);
    }
  }

  @Test
  void unknownCodesFollowTheHttpStatus() {
    assertFalse(ErrorCodes.known(123456));
    assertFalse(ErrorCodes.retryable(123456));
    assertFalse(ErrorCodes.retryable(123456, 400));
    assertTrue(ErrorCodes.retryable(123456, 503));
    assertTrue(ErrorCodes.retryable(123456, 429));
  }

  @Test
  void suggestedWaits() {
    assertEquals(Duration.ofSeconds(1), ErrorCodes.retryAfter(131056, 0));
    assertEquals(Duration.ofSeconds(4), ErrorCodes.retryAfter(131056, 1));
    assertEquals(Duration.ofSeconds(16), ErrorCodes.retryAfter(131056, 2));
    assertEquals(Duration.ofSeconds(4096), ErrorCodes.retryAfter(131056, 60));
    assertEquals(Duration.ofHours(1), ErrorCodes.retryAfter(131048, 0));
    assertEquals(Duration.ofSeconds(1), ErrorCodes.retryAfter(130429, 3));
    assertEquals(Duration.ZERO, ErrorCodes.retryAfter(131000, 0));
    assertEquals(Duration.ZERO, ErrorCodes.retryAfter(131026, 0));
  }

  @Test
  void templatesAndCredentials() {
    assertTrue(ErrorCodes.needsTemplate(131047));
    assertTrue(ErrorCodes.needsTemplate(470));
    assertFalse(ErrorCodes.needsTemplate(131026));
    assertTrue(ErrorCodes.credentialProblem(190));
    assertTrue(ErrorCodes.credentialProblem(200));
    assertFalse(ErrorCodes.credentialProblem(131047));
  }

  @Test
  void refusalsOfTheTemplateItself() {
    for (int code : new int[] {132000, 132001, 132005, 132007, 132012, 132015, 132016}) {
      assertTrue(ErrorCodes.templateRefused(code), "code " + code);
    }
    for (int code : new int[] {131047, 131026, 130429, 100}) assertFalse(ErrorCodes.templateRefused(code), "code " + code);
  }

  private static Optional<ApiError> parse(String body) {
    return ErrorCodes.parseErrorBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesTheReferenceErrorBody() {
    assertEquals(
        Optional.of(new ApiError(130429, "Rate limit hit", "(#130429) Rate limit hit", "Cloud API message throughput has been reached.")),
        parse("{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\",\"code\":130429,"
            + "\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"Cloud API message throughput has been reached.\"},"
            + "\"error_subcode\":2494055,\"fbtrace_id\":\"Az8or2yhqkZfEZ-_4Qn_Bam\"}}"));
    assertEquals(
        Optional.of(new ApiError(190, "Error validating access token", "Error validating access token", "")),
        parse("{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190}}"));
    assertEquals(Optional.of(new ApiError(131026, "", "", "")), parse("{\"error\":{\"code\":\"131026\"}}"));
  }

  @Test
  void junkBodiesGiveNothing() {
    for (String junk : new String[] {null, "", "<html>502 Bad Gateway</html>", "{\"error\":", "[]", "null",
        "{\"error\":\"boom\"}", "{\"error\":{\"message\":\"no code\"}}", "{\"error\":{\"code\":1.5}}",
        "{\"error\":{\"code\":99999999999}}", "{\"messages\":[{\"id\":\"wamid.A\"}]}"}) {
      assertEquals(Optional.empty(), parse(junk), String.valueOf(junk));
    }
  }
}
