package chaupal.console;

import static chaupal.console.ConsoleHarness.json;
import static org.junit.jupiter.api.Assertions.*;

import chaupal.outbound.SyncedTemplate;
import chaupal.outbound.TemplateRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/templates}: the caller's tenant's templates; reading them from Meta again is the state administrator's. */
class TemplateCallsTest {

  private static final AtomicInteger syncs = new AtomicInteger();
  private static ConsoleHarness api;

  /** Each channel's account has one template, named after the channel. */
  private static final TemplateRegistry BOOK = new TemplateRegistry() {
    @Override
    public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
      return of(channelId).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public List<SyncedTemplate> of(String channelId) {
      return List.of(new SyncedTemplate("2" + channelId.substring(1), "t" + channelId, "hi", "UTILITY", "PAUSED", "RED", 3, null,
          "Case {{1}} {{2}} {{3}}", "FIRST_PAUSE", Instant.parse("2026-01-01T10:00:00Z")));
    }
  };

  @BeforeAll
  static void start() throws Exception {
    api = new ConsoleHarness("template_calls", ConsoleHarness.ADMIN_PASSWORD);
    api.templates = BOOK;
    api.templateSync = () -> {
      syncs.incrementAndGet();
      return CompletableFuture.completedFuture(42);
    };
    api.start(ConsoleHarness.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void listsTheTemplatesOfTheCallersTenantOnly() {
    String admin = api.token("admin", ConsoleHarness.ADMIN_PASSWORD);
    HttpResponse<String> r = api.get("/api/v1/templates", admin);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode list = json(r).get("templates");
    assertEquals(1, list.size(), "punjab has one channel: " + r.body());
    assertEquals("100000000000001", list.get(0).get("channel").asText());
    assertEquals("PAUSED", list.get(0).get("status").asText());
    assertEquals(3, list.get(0).get("body_parameters").asInt());
    assertEquals(401, api.get("/api/v1/templates", null).statusCode());
    assertTrue(api.count("SELECT count(*) FROM audit_record WHERE action = 'list-templates'") >= 1, "audited");
  }

  @Test
  void onlyAStateAdministratorSyncs() {
    String admin = api.token("admin", ConsoleHarness.ADMIN_PASSWORD);
    String ulbAdmin = api.official(admin, "tpl.ulbadmin", "ulb-admin", "{\"ulbs\":[\"pb.phagwara\"]}");
    int before = syncs.get();
    HttpResponse<String> refused = api.post("/api/v1/templates/sync", ulbAdmin, "{}");
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals(before, syncs.get(), "Meta was not asked");
    HttpResponse<String> ok = api.post("/api/v1/templates/sync", admin, "{}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(42, json(ok).get("read").asInt());
    assertEquals(before + 1, syncs.get());
    assertEquals(2, api.count("SELECT count(*) FROM audit_record WHERE action = 'sync-templates'"), "the refusal is audited too");
  }
}
