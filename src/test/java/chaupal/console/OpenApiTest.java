package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI description lists exactly the routes the router was built from, and every
 * operation it lists is there for an authorised caller (never 404 or 405).
 */
class OpenApiTest {

  static ConsoleHarness api;

  @BeforeAll
  static void start() throws Exception {
    api = new ConsoleHarness("console_openapi", ConsoleHarness.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static JsonNode document() {
    HttpResponse<String> r = api.get("/api/v1/openapi.json", null);
    assertEquals(200, r.statusCode());
    JsonNode doc = ConsoleHarness.json(r);
    assertTrue(doc.get("openapi").asText().startsWith("3."), "OpenAPI 3");
    assertEquals("/api/v1", doc.get("servers").get(0).get("url").asText());
    return doc;
  }

  static Set<String> operations(JsonNode doc) {
    Set<String> ops = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return ops;
  }

  @Test
  void theDescriptionListsEveryRouteAndNothingElse() {
    Set<String> routed = new TreeSet<>();
    for (Endpoint e : api.console.endpoints()) routed.add(e.method().name() + " " + e.path());
    assertEquals(routed, operations(document()));
    assertEquals(29, routed.size(), "login, openapi, 2 case reads, 7 acts, attachment, 5 officials' routes, 2 template routes, 9 campaign routes, consent import");
  }

  @Test
  void everyListedOperationAnswersAnAuthorisedCaller() {
    String token = api.token("admin", ConsoleHarness.ADMIN_PASSWORD);
    for (String op : operations(document())) {
      String method = op.substring(0, op.indexOf(' '));
      String path = "/api/v1" + op.substring(op.indexOf(' ') + 1)
          .replace("{number}", FakeCaseDesk.PHAGWARA_CASE).replace("{id}", FakeCaseDesk.PHOTO).replace("{username}", "admin");
      HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
      HttpResponse<String> r = api.send(request);
      assertFalse(r.statusCode() == 404 || r.statusCode() == 405, op + " answered " + r.statusCode() + ": " + r.body());
    }
  }
}
