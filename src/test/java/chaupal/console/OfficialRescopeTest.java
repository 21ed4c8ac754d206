package chaupal.console;

import static chaupal.console.ConsoleApiTest.error;
import static chaupal.console.ConsoleHarness.ADMIN_PASSWORD;
import static chaupal.console.ConsoleHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/v1/officials/{username}/scope: a new role or scope, within the caller's own powers, audited. */
class OfficialRescopeTest {

  static ConsoleHarness api;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    api = new ConsoleHarness("console_rescope", ADMIN_PASSWORD);
    admin = api.token("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aStateAdministratorMovesAnOfficialToAnotherUlbAndRole() {
    String officer = api.official(admin, "move.me", "department-officer", "{\"ulbs\":[\"pb.phagwara\"],\"departments\":[\"sanitation\"]}");
    HttpResponse<String> moved = api.post("/api/v1/officials/move.me/scope", admin,
        "{\"role\":\"observer\",\"scope\":{\"ulbs\":[\"pb.jalandhar\"]}}");
    assertEquals(200, moved.statusCode(), moved.body());
    JsonNode account = json(moved);
    assertEquals("observer", account.get("role").asText());
    assertEquals("pb.jalandhar", account.get("scope").get("ulbs").get(0).asText());
    assertEquals(0, account.get("scope").get("departments").size(), "the new scope replaces the old one");
    error(api.post("/api/v1/cases/" + FakeCaseDesk.JALANDHAR_CASE + "/start", officer, "{}"), 403, "forbidden");

    HttpResponse<String> roleOnly = api.post("/api/v1/officials/move.me/scope", admin, "{\"role\":\"department-officer\"}");
    assertEquals("pb.jalandhar", json(roleOnly).get("scope").get("ulbs").get(0).asText(), "what is left out stays");
    assertEquals(2, api.count("SELECT count(*) FROM audit_record WHERE actor = 'admin' AND action = 'rescope-official' AND outcome = 'ok'"
        + " AND ulb = 'pb.jalandhar'"));
  }

  @Test
  void aUlbAdministratorGrantsNothingBeyondTheirUlb() {
    String ulbAdmin = api.official(admin, "zrk.admin", "ulb-admin", "{\"ulbs\":[\"pb.zirakpur\"]}");
    api.official(admin, "zrk.roads", "department-officer", "{\"ulbs\":[\"pb.zirakpur\"],\"departments\":[\"building-roads\"]}");
    api.official(admin, "jal.roads", "department-officer", "{\"ulbs\":[\"pb.jalandhar\"],\"departments\":[\"building-roads\"]}");

    error(api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin, "{\"scope\":{\"ulbs\":[\"pb.jalandhar\"]}}"), 403, "forbidden");
    error(api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin, "{\"scope\":{\"ulbs\":[\"pb.zirakpur\",\"pb.jalandhar\"]}}"), 403, "forbidden");
    error(api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin, "{\"role\":\"state-admin\"}"), 403, "forbidden");
    error(api.post("/api/v1/officials/jal.roads/scope", ulbAdmin, "{\"role\":\"observer\"}"), 404, "not_found");
    error(api.post("/api/v1/officials/zrk.admin/scope", ulbAdmin, "{\"scope\":{\"ulbs\":[]}}"), 400, "invalid");
    error(api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin, "{}"), 400, "invalid");
    assertEquals("scope.departments[0]", error(api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin,
        "{\"scope\":{\"departments\":[\"no-such-department\"]}}"), 400, "invalid").get("field").asText());

    HttpResponse<String> widened = api.post("/api/v1/officials/zrk.roads/scope", ulbAdmin, "{\"scope\":{\"departments\":[]}}");
    assertEquals(200, widened.statusCode(), widened.body());
    assertEquals("pb.zirakpur", json(widened).get("scope").get("ulbs").get(0).asText(), "no ULB named: the administrator's own");
    assertEquals(4, api.count("SELECT count(*) FROM audit_record WHERE actor = 'zrk.admin' AND action = 'rescope-official'"
        + " AND outcome IN ('forbidden', 'not_found')"));
  }

  @Test
  void anOfficerCannotRescopeAnyone() {
    String observer = api.official(admin, "just.looking", "observer", "{}");
    error(api.post("/api/v1/officials/just.looking/scope", observer, "{\"role\":\"state-admin\"}"), 403, "forbidden");
  }
}
