package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.Setting;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops start-up with one line naming the variable and what is expected. */
class SettingsTest {

  private static Settings with(Map<String, Object> values) {
    Config c = ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()).resolve();
    return Settings.from(c);
  }

  private static String refused(Map<String, Object> values) {
    Setting.Invalid e = assertThrows(Setting.Invalid.class, () -> with(values));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void theDefaultsRunOnTheSimulatorWithTheEmbeddedDatabase() {
    Settings s = with(Map.of());
    assertEquals(8080, s.httpPort());
    assertTrue(s.database().isEmpty());
    assertTrue(s.whatsapp().simulated());
    assertEquals(16, s.httpListeners());
    assertEquals(java.time.Duration.ofSeconds(20), s.httpDeadlines().body());
    assertEquals(java.time.Duration.ofSeconds(20), s.httpDeadlines().headers());
    assertEquals(java.time.Duration.ofMillis(250), s.ingress().shedAbove());
  }

  @Test
  void theSimulatorListensOnLoopbackUnlessAnInterfaceIsChosen() {
    assertEquals("127.0.0.1", with(Map.of()).httpInterface(), "the simulator's development secrets are published");
    assertEquals("0.0.0.0", with(Map.of("chaupal.http.interface", "0.0.0.0")).httpInterface());
    assertEquals("0.0.0.0", with(Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0",
        "chaupal.whatsapp.access-token", "t", "chaupal.whatsapp.app-secret", "s", "chaupal.whatsapp.verify-token", "v")).httpInterface());
    assertEquals("10.0.0.11", with(Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0",
        "chaupal.whatsapp.access-token", "t", "chaupal.whatsapp.app-secret", "s", "chaupal.whatsapp.verify-token", "v",
        "chaupal.http.interface", "10.0.0.11")).httpInterface());
  }

  @Test
  void anUnknownLogFormatStopsTheStartInsteadOfWritingNoLog() {
    assertEquals("CHAUPAL_LOG_FORMAT: \"jsonl\" is not a log format; expected json or text (in any case; empty: text)",
        refused(Map.of("chaupal.log-format", "jsonl")));
    with(Map.of("chaupal.log-format", "JSON"));
    with(Map.of("chaupal.log-format", "Text"));
    with(Map.of("chaupal.log-format", ""));
  }

  @Test
  void sheddingCanBeTurnedOffButNotGivenNonsense() {
    assertEquals(java.time.Duration.ZERO, with(Map.of("chaupal.ingress.shed-above", "off")).ingress().shedAbove());
    assertEquals(java.time.Duration.ofMillis(250), with(Map.of("chaupal.ingress.shed-above", "250ms")).ingress().shedAbove());
    assertEquals("CHAUPAL_SHED_ABOVE: \"busy\" is not a duration; expected off (never shed) or a duration like 250ms",
        refused(Map.of("chaupal.ingress.shed-above", "busy")));
    assertTrue(refused(Map.of("chaupal.ingress.shed-above", "0s")).startsWith("CHAUPAL_SHED_ABOVE: must be positive"));
  }

  @Test
  void aWebhookAsksItsCitizenInAttemptsWithinThePersistTimeout() {
    Settings s = with(Map.of());
    assertEquals(java.time.Duration.ofSeconds(5), s.ingress().persistTimeout());
    assertEquals(java.time.Duration.ofMillis(1200), s.ingress().persistAttempt());
    assertTrue(refused(Map.of("chaupal.ingress.persist-attempt-timeout", "soon")).startsWith("CHAUPAL_PERSIST_ATTEMPT_TIMEOUT: "));
  }

  @Test
  void eachBadValueNamesItsVariable() {
    assertTrue(refused(Map.of("chaupal.http.port", "eighty")).startsWith("CHAUPAL_HTTP_PORT: \"eighty\" is not a number"));
    assertTrue(refused(Map.of("chaupal.http.port", 70000)).startsWith("CHAUPAL_HTTP_PORT: 70000 is out of range"));
    assertTrue(refused(Map.of("chaupal.config-dir", "/no/such/dir")).startsWith("CHAUPAL_CONFIG_DIR: "));
    assertTrue(refused(Map.of("chaupal.database.url", "mysql://db/x")).startsWith("DATABASE_URL: not a PostgreSQL URL"));
    assertTrue(refused(Map.of("chaupal.whatsapp.api-url", "graph.facebook.com")).startsWith("WHATSAPP_API_URL: "));
    assertTrue(refused(Map.of("chaupal.ingress.persist-timeout", "soon")).startsWith("CHAUPAL_PERSIST_TIMEOUT: "));
    assertTrue(refused(Map.of("chaupal.http.listeners", 0)).startsWith("CHAUPAL_HTTP_LISTENERS: 0 is out of range"));
    assertTrue(refused(Map.of("chaupal.http.body-timeout", "slow")).startsWith("CHAUPAL_HTTP_BODY_TIMEOUT: "));
    assertTrue(refused(Map.of("chaupal.http.header-timeout", "slow")).startsWith("CHAUPAL_HTTP_HEADER_TIMEOUT: "));
  }

  @Test
  void aRealMetaUrlNeedsAllThreeSecrets() {
    Map<String, Object> url = Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0");
    assertTrue(refused(url).startsWith("WHATSAPP_ACCESS_TOKEN: missing"));
    assertTrue(refused(Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0",
        "chaupal.whatsapp.access-token", "t")).startsWith("WHATSAPP_APP_SECRET: missing"));
    assertTrue(refused(Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0",
        "chaupal.whatsapp.access-token", "t", "chaupal.whatsapp.app-secret", "s")).startsWith("WHATSAPP_VERIFY_TOKEN: missing"));
    Settings ok = with(Map.of("chaupal.whatsapp.api-url", "https://graph.facebook.com/v23.0/",
        "chaupal.whatsapp.access-token", "t", "chaupal.whatsapp.app-secret", "s", "chaupal.whatsapp.verify-token", "v"));
    assertFalse(ok.whatsapp().simulated());
    assertEquals("https://graph.facebook.com/v23.0", ok.whatsapp().apiUrl());
  }

  @Test
  void aPostgresUrlWithCredentialsBecomesJdbc() {
    Settings s = with(Map.of("chaupal.database.url", "postgres://chaupal:s%40cret@db.internal:5432/chaupal?sslmode=require"));
    Settings.ExternalDatabase db = s.database().orElseThrow();
    assertEquals("jdbc:postgresql://db.internal:5432/chaupal?sslmode=require", db.jdbcUrl());
    assertEquals("chaupal", db.user());
    assertEquals("s@cret", db.password());
  }
}
