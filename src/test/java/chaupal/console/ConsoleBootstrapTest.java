package chaupal.console;

import static chaupal.console.ConsoleHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.Setting;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleBootstrapTest {

  @Test
  void theAdministratorComesFromCHAUPAL_ADMIN_PASSWORDAndTokensSurviveARestart() throws Exception {
    try (ConsoleHarness api = new ConsoleHarness("console_bootstrap", "")) {
      HttpResponse<String> none = api.login("admin", "anything at all");
      ConsoleApiTest.error(none, 503, "unavailable");
      assertTrue(json(none).get("error").get("message").asText().contains("CHAUPAL_ADMIN_PASSWORD is not set"), none.body());

      api.start("first admin password");
      String token = api.token("admin", "first admin password");
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(api.dataDir.resolve(BearerTokens.SECRET_FILE))));

      api.start("first admin password");
      assertEquals(200, api.get("/api/v1/cases", token).statusCode(), "the token outlives a restart of the node");
      api.clock.advance(Duration.ofSeconds(1));
      api.start("second admin password");
      ConsoleApiTest.error(api.get("/api/v1/cases", token), 401, "unauthorized");
      token = api.token("admin", "second admin password");
      ConsoleApiTest.error(api.login("admin", "first admin password"), 401, "unauthorized");
      assertEquals(200, api.login("admin", "second admin password").statusCode(), "the password is set again at every start");

      api.start("");
      ConsoleApiTest.error(api.get("/api/v1/cases", token), 401, "unauthorized");
      ConsoleApiTest.error(api.login("admin", "second admin password"), 503, "unavailable");
    }
  }

  @Test
  void badSettingsStopTheStartWithTheVariableNamed() {
    Setting.Invalid shortSecret = assertThrows(Setting.Invalid.class, () -> new ConsoleSettings(Duration.ofHours(8), "too short",
        "", "punjab", 5, Duration.ofMinutes(15), Duration.ofMillis(250), 65_536));
    assertTrue(shortSecret.getMessage().startsWith("CHAUPAL_JWT_SECRET"), shortSecret.getMessage());
    Setting.Invalid shortPassword = assertThrows(Setting.Invalid.class, () -> ConsoleHarness.settings("short"));
    assertTrue(shortPassword.getMessage().startsWith("CHAUPAL_ADMIN_PASSWORD"), shortPassword.getMessage());

    ConsoleSettings shipped = ConsoleSettings.from(ConfigFactory.load().getConfig("chaupal.console"));
    assertEquals(Duration.ofHours(8), shipped.tokenLifetime());
    assertEquals(5, shipped.lockoutAfter());
    assertEquals(Duration.ofMinutes(15), shipped.lockoutFor());
    assertEquals(65_536, shipped.maxBodyBytes());
    assertEquals("punjab", shipped.adminTenant());
  }

  @Test
  void anAdministratorOfAnUnknownTenantStopsTheStart() throws Exception {
    try (ConsoleHarness api = new ConsoleHarness("console_bad_tenant", "")) {
      ConsoleSettings settings = new ConsoleSettings(Duration.ofHours(8), "", "an admin password", "atlantis", 5,
          Duration.ofMinutes(15), Duration.ofMillis(20), 65_536);
      Setting.Invalid e = assertThrows(Setting.Invalid.class, () -> Console.init(api.testKit.system(), api.db.dataSource(),
          ConsoleHarness.DIRECTORY, api.desk, api.clock, api.dataDir, settings,
          new Console.Services(ConsoleHarness.NO_UPLOADS, chaupal.outbound.TemplateRegistry.NONE,
          () -> java.util.concurrent.CompletableFuture.completedFuture(0))));
      assertTrue(e.getMessage().startsWith("CHAUPAL_ADMIN_TENANT") && e.getMessage().contains("punjab"), e.getMessage());
    }
  }

  @Test
  void aConfiguredSecretSignsTokensThatAnotherNodeWithTheSameSecretAccepts() {
    String secret = "a shared secret of at least thirty-two characters";
    var clock = new chaupal.testing.TestClock();
    BearerTokens one = new BearerTokens(BearerTokens.secret(secret, null), Duration.ofHours(1), clock);
    BearerTokens two = new BearerTokens(BearerTokens.secret(secret, null), Duration.ofHours(1), clock);
    BearerTokens other = new BearerTokens(BearerTokens.secret(secret.toUpperCase(), null), Duration.ofHours(1), clock);
    String token = one.issue("admin").token();
    assertEquals("admin", two.verify(token).username());
    ApiProblem wrongKey = assertThrows(ApiProblem.class, () -> other.verify(token));
    assertEquals(401, wrongKey.status().intValue());
  }
}
