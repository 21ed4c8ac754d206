package chaupal.console;

import static chaupal.console.ConsoleHarness.ADMIN_PASSWORD;
import static chaupal.console.ConsoleHarness.json;
import static chaupal.console.FakeCaseDesk.JALANDHAR_CASE;
import static chaupal.console.FakeCaseDesk.PHAGWARA_CASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.cases.CaseDesk;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleApiTest {

  static ConsoleHarness api;
  String admin;

  @BeforeAll
  static void start() throws Exception {
    api = new ConsoleHarness("console_api", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void logIn() {
    api.desk.reset();
    admin = api.token("admin", ADMIN_PASSWORD);
  }

  /** Every error has the one shape, with its status inside; returns the error object. */
  static JsonNode error(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    JsonNode error = json(r).get("error");
    assertNotNull(error, r.body());
    assertEquals(List.of("status", "code", "message", "field"), iterable(error.fieldNames()), r.body());
    assertEquals(status, error.get("status").asInt());
    assertEquals(code, error.get("code").asText(), r.body());
    assertTrue(error.get("message").asText().length() > 5, r.body());
    assertTrue(!r.body().contains("at chaupal.") && !r.body().contains("Exception"), "no stack trace: " + r.body());
    return error;
  }

  static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void aLoginGivesATokenThatOpensTheCases() {
    HttpResponse<String> login = api.login("admin", ADMIN_PASSWORD);
    assertEquals(200, login.statusCode(), login.body());
    JsonNode body = json(login);
    assertEquals(api.clock.instant().plus(Duration.ofHours(8)), java.time.OffsetDateTime.parse(body.get("expires_at").asText()).toInstant());

    HttpResponse<String> cases = api.get("/api/v1/cases?status=registered&ulb=pb.jalandhar&overdue=true&sort=-filed&page=1&size=5",
        body.get("token").asText());
    assertEquals(200, cases.statusCode(), cases.body());
    assertEquals(2, json(cases).get("total").asInt(), "the state administrator sees both ULBs' cases");
    assertEquals(new CaseDesk.Filter("registered", "pb.jalandhar", null, null, null, true, "-filed", 1, 5), api.desk.lastFilter);
    assertEquals("registered", json(cases).get("cases").get(0).get("status").asText());

    HttpResponse<String> detail = api.get("/api/v1/cases/" + JALANDHAR_CASE, admin);
    assertEquals(200, detail.statusCode(), detail.body());
    assertEquals("citizen", json(detail).get("history").get(0).get("by").asText());
    assertEquals("image/jpeg", json(detail).get("attachments").get(0).get("mime_type").asText());
  }

  @Test
  void anAttachmentComesWithItsContentType() {
    HttpResponse<String> r = api.get("/api/v1/cases/" + JALANDHAR_CASE + "/attachments/" + FakeCaseDesk.PHOTO, admin);
    assertEquals(200, r.statusCode());
    assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("JPEG bytes", r.body());
    error(api.get("/api/v1/cases/" + JALANDHAR_CASE + "/attachments/att-unknown", admin), 404, "not_found");
  }

  @Test
  void wrongPasswordsSlowDownThenLockTheAccountUntilItsTimeIsUp() throws Exception {
    String token = api.official(admin, "locked.officer", "department-officer", "{\"ulbs\":[\"pb.jalandhar\"]}");
    long before = api.count("SELECT count(*) FROM audit_record WHERE actor = 'locked.officer' AND action = 'login'");
    long started = System.nanoTime();
    for (int i = 1; i <= 4; i++) error(api.login("locked.officer", "wrong password " + i), 401, "unauthorized");
    // 20 ms, then 40, 60, 80: each wrong password is answered later than the one before.
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos(), "wrong passwords were not slowed down");

    ch.qos.logback.classic.Logger logins = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Logins.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logins.addAppender(logged);
    HttpResponse<String> fifth;
    try {
      fifth = api.login("locked.officer", "wrong password 5");
      api.login("locked.officer", "wrong password 6");
    } finally {
      logins.detachAppender(logged);
    }
    List<String> lines = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    assertEquals(1, lines.size(), "the lock is logged once: " + lines);
    assertTrue(lines.get(0).contains("locked.officer") && !lines.get(0).contains("wrong password 5"), lines.get(0));
    error(fifth, 429, "too_many_attempts");
    assertEquals("901", fifth.headers().firstValue("Retry-After").orElseThrow());
    HttpResponse<String> right = api.login("locked.officer", "password of locked.officer");
    error(right, 429, "too_many_attempts");
    assertTrue(json(right).get("error").get("message").asText().contains("locked"));
    assertEquals(7, api.count("SELECT count(*) FROM audit_record WHERE actor = 'locked.officer' AND action = 'login'") - before,
        "four wrong, the one that locked, one wrong and the right one refused while locked");
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'locked.officer' AND outcome = 'ok' AND action = 'login'"),
        "the one login that made the token");
    assertEquals(200, api.get("/api/v1/cases", token).statusCode(), "a lock stops logins, not the sessions already open");

    api.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    assertEquals(200, api.login("locked.officer", "password of locked.officer").statusCode());
    // After the lock the count starts again: one wrong password is a 401, not another lock.
    error(api.login("locked.officer", "wrong again"), 401, "unauthorized");
  }

  @Test
  void anUnknownUsernameAndAWrongPasswordGetTheSameAnswer() {
    JsonNode unknown = error(api.login("nobody.here", "some password"), 401, "unauthorized");
    JsonNode wrong = error(api.login("admin", "not the admin password"), 401, "unauthorized");
    assertEquals(unknown.get("message"), wrong.get("message"));
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'nobody.here' AND outcome = 'unauthorized'"));
  }

  @Test
  void aTokenExpires() {
    String token = api.token("admin", ADMIN_PASSWORD);
    api.clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertEquals(200, api.get("/api/v1/cases", token).statusCode());
    api.clock.advance(Duration.ofSeconds(1));
    JsonNode e = error(api.get("/api/v1/cases", token), 401, "unauthorized");
    assertTrue(e.get("message").asText().contains("expired"), e.toString());
  }

  @Test
  void requestsWithoutAGoodTokenAre401() {
    HttpResponse<String> none = api.get("/api/v1/cases", null);
    error(none, 401, "unauthorized");
    assertEquals("Bearer realm=\"chaupal\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
    error(api.get("/api/v1/cases", "not-a-token"), 401, "unauthorized");
    String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA" + admin.substring(admin.lastIndexOf('.') + 5);
    error(api.get("/api/v1/cases", forged), 401, "unauthorized");
    error(api.post("/api/v1/cases/" + JALANDHAR_CASE + "/start", null, "{}"), 401, "unauthorized");
  }

  @Test
  void badRequestsNameTheField() {
    assertEquals("size", error(api.get("/api/v1/cases?size=0", admin), 400, "invalid").get("field").asText());
    assertEquals("size", error(api.get("/api/v1/cases?size=many", admin), 400, "invalid").get("field").asText());
    assertEquals("sort", error(api.get("/api/v1/cases?sort=sideways", admin), 400, "invalid").get("field").asText());
    assertEquals("overdue", error(api.get("/api/v1/cases?overdue=maybe", admin), 400, "invalid").get("field").asText());
    assertEquals("status", error(api.get("/api/v1/cases?status=lost", admin), 400, "invalid").get("field").asText());
    assertEquals("stauts", error(api.get("/api/v1/cases?stauts=registered", admin), 400, "invalid").get("field").asText());

    String reject = "/api/v1/cases/" + JALANDHAR_CASE + "/reject";
    assertTrue(error(api.post(reject, admin, "{\"reason\": "), 400, "invalid").get("field").isNull(), "bad JSON names no field");
    assertEquals("reason", error(api.post(reject, admin, "{}"), 400, "invalid").get("field").asText());
    assertEquals("reasn", error(api.post(reject, admin, "{\"reasn\":\"x\"}"), 400, "invalid").get("field").asText());
    assertEquals("reason", error(api.post(reject, admin, "{\"reason\":[1]}"), 400, "invalid").get("field").asText());
    error(api.post(reject, admin, "[]"), 400, "invalid");
    error(api.post("/api/v1/login", null, "{\"username\":\"admin\"}"), 400, "invalid");
    assertEquals("password", error(api.post("/api/v1/login", null, "{\"username\":\"admin\"}"), 400, "invalid").get("field").asText());
  }

  @Test
  void bodiesMustBeJsonAndSmall() {
    HttpResponse<String> text = api.send(HttpRequest.newBuilder(api.uri("/api/v1/cases/" + JALANDHAR_CASE + "/comment"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("a comment")));
    error(text, 415, "unsupported_media_type");
    String big = "{\"text\":\"" + "x".repeat(70_000) + "\"}";
    error(api.post("/api/v1/cases/" + JALANDHAR_CASE + "/comment", admin, big), 413, "too_large");
    error(api.post("/api/v1/login", null, "{\"username\":\"admin\",\"password\":\"" + "x".repeat(70_000) + "\"}"), 413, "too_large");
  }

  @Test
  void unknownRoutesAndMethodsAnswerInTheSameShape() {
    error(api.get("/api/v1/nothing-here", admin), 404, "not_found");
    error(api.send(HttpRequest.newBuilder(api.uri("/api/v1/cases")).header("Authorization", "Bearer " + admin)
        .DELETE()), 405, "method_not_allowed");
    error(api.get("/api/v1/login", null), 405, "method_not_allowed");
  }

  @Test
  void aFailureInsideIs500WithoutItsDetails() {
    for (HttpResponse<String> r : List.of(api.get("/api/v1/cases/" + FakeCaseDesk.BROKEN_CASE, admin),
        api.post("/api/v1/cases/" + FakeCaseDesk.BROKEN_CASE + "/start", admin, "{}"))) {
      error(r, 500, "internal");
      assertTrue(!r.body().contains("secret-db-host"), r.body());
    }
    assertEquals(2, api.count("SELECT count(*) FROM audit_record WHERE case_number = '" + FakeCaseDesk.BROKEN_CASE + "' AND outcome = 'internal'"));
  }

  @Test
  void resolvingAResolvedCaseIs409AndBothAreAudited() {
    String resolve = "/api/v1/cases/" + JALANDHAR_CASE + "/resolve";
    HttpResponse<String> first = api.post(resolve, admin, "{\"note\":\"cleared\",\"photo_media_id\":\"m1\"}");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("resolved", json(first).get("status").asText());
    assertEquals(new CaseDesk.Act.Resolve("cleared", "m1"), api.desk.lastAct);
    error(api.post(resolve, admin, "{\"note\":\"again\"}"), 409, "illegal");

    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'admin' AND action = 'resolve' AND case_number = '"
        + JALANDHAR_CASE + "' AND ulb = 'pb.jalandhar' AND outcome = 'ok' AND at_offset = '+05:30'"));
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'admin' AND action = 'resolve' AND case_number = '"
        + JALANDHAR_CASE + "' AND ulb = 'pb.jalandhar' AND outcome = 'illegal' AND detail LIKE '%resolved already%'"));
  }

  @Test
  void everyActTakesItsBody() {
    String base = "/api/v1/cases/" + PHAGWARA_CASE + "/";
    assertEquals(200, api.post(base + "assign", admin, "{\"official\":\"phagwara-street-lights\",\"note\":\"yours\"}").statusCode());
    assertEquals(new CaseDesk.Act.Assign("phagwara-street-lights", "yours"), api.desk.lastAct);
    assertEquals(200, api.post(base + "start", admin, "").statusCode(), "an empty body is {} for an act whose fields are optional");
    assertEquals(new CaseDesk.Act.Start(null), api.desk.lastAct);
    assertEquals(200, api.post(base + "comment", admin, "{\"text\":\"on my way\"}").statusCode());
    assertEquals(new CaseDesk.Act.Comment("on my way"), api.desk.lastAct);
    assertEquals(200, api.post(base + "reject", admin, "{\"reason\":\"not ours\"}").statusCode());
    assertEquals(new CaseDesk.Act.Reject("not ours"), api.desk.lastAct);
    assertEquals(200, api.post(base + "reopen", admin, "{\"reason\":\"it is ours\"}").statusCode());
    assertEquals(new CaseDesk.Act.Reopen("it is ours"), api.desk.lastAct);
  }

  @Test
  void aCaseOutsideScopeIsAsUnknownAsAMissingOne() {
    String officer = api.official(admin, "jal.sanitation", "department-officer", "{\"ulbs\":[\"pb.jalandhar\"],\"departments\":[\"sanitation\"]}");
    assertEquals(200, api.get("/api/v1/cases/" + JALANDHAR_CASE, officer).statusCode());
    assertEquals(1, json(api.get("/api/v1/cases", officer)).get("total").asInt());

    JsonNode outside = error(api.get("/api/v1/cases/" + PHAGWARA_CASE, officer), 404, "not_found");
    JsonNode missing = error(api.get("/api/v1/cases/ZZZ-26-999999", officer), 404, "not_found");
    assertEquals(missing.get("message").asText().replace("ZZZ-26-999999", "N"), outside.get("message").asText().replace(PHAGWARA_CASE, "N"));
    error(api.post("/api/v1/cases/" + PHAGWARA_CASE + "/start", officer, "{}"), 404, "not_found");
    error(api.get("/api/v1/cases/" + PHAGWARA_CASE + "/attachments/" + FakeCaseDesk.PHOTO, officer), 404, "not_found");
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'jal.sanitation' AND action = 'start' AND outcome = 'not_found'"
        + " AND ulb IS NULL"), "a refusal names no ULB the caller may not see");
  }

  @Test
  void anObserverReadsButCannotAct() {
    String observer = api.official(admin, "observer.one", "observer", "{}");
    assertEquals(200, api.get("/api/v1/cases/" + JALANDHAR_CASE, observer).statusCode());
    error(api.post("/api/v1/cases/" + JALANDHAR_CASE + "/start", observer, "{}"), 403, "forbidden");
    error(api.get("/api/v1/officials", observer), 403, "forbidden");
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'observer.one' AND action = 'start' AND outcome = 'forbidden'"
        + " AND ulb = 'pb.jalandhar'"));
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'observer.one' AND action = 'view-case' AND outcome = 'ok'"));
  }

  @Test
  void aUlbAdministratorManagesOnlyTheirOwnUlb() {
    String ulbAdmin = api.official(admin, "phg.admin", "ulb-admin", "{\"ulbs\":[\"pb.phagwara\"]}");
    HttpResponse<String> created = api.post("/api/v1/officials", ulbAdmin,
        "{\"username\":\"phg.lights\",\"password\":\"lights password\",\"role\":\"department-officer\",\"scope\":{\"departments\":[\"street-lights\"]}}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("pb.phagwara", json(created).get("scope").get("ulbs").get(0).asText(), "a ULB administrator's accounts are in their ULB");
    assertNull(json(created).get("password_hash"));

    error(api.post("/api/v1/officials", ulbAdmin, "{\"username\":\"phg.state\",\"password\":\"state password\",\"role\":\"state-admin\"}"),
        403, "forbidden");
    error(api.post("/api/v1/officials", ulbAdmin, "{\"username\":\"jal.lights\",\"password\":\"lights password\",\"role\":\"observer\","
        + "\"scope\":{\"ulbs\":[\"pb.jalandhar\"]}}"), 403, "forbidden");
    error(api.post("/api/v1/officials/admin/disable", ulbAdmin, "{}"), 404, "not_found");
    error(api.post("/api/v1/officials", admin, "{\"username\":\"phg.lights\",\"password\":\"lights password\",\"role\":\"observer\"}"),
        409, "exists");
    assertEquals("scope.ulbs[0]", error(api.post("/api/v1/officials", admin, "{\"username\":\"x.y.z\",\"password\":\"long enough\","
        + "\"role\":\"observer\",\"scope\":{\"ulbs\":[\"pb.atlantis\"]}}"), 400, "invalid").get("field").asText());
    assertEquals("password", error(api.post("/api/v1/officials", admin, "{\"username\":\"x.y.z\",\"password\":\"short\",\"role\":\"observer\"}"),
        400, "invalid").get("field").asText());
    assertEquals("role", error(api.post("/api/v1/officials", admin, "{\"username\":\"x.y.z\",\"password\":\"long enough\",\"role\":\"king\"}"),
        400, "invalid").get("field").asText());

    List<String> seen = iterable(json(api.get("/api/v1/officials", ulbAdmin)).get("officials").findValuesAsText("username").iterator());
    assertEquals(List.of("phg.admin", "phg.lights"), seen);
    assertTrue(json(api.get("/api/v1/officials", admin)).get("officials").findValuesAsText("username").contains("admin"));
    error(api.get("/api/v1/officials", api.token("phg.lights", "lights password")), 403, "forbidden");
  }

  @Test
  void anAccountMadeFromTheDirectoryTakesItsRoleAndScope() {
    HttpResponse<String> created = api.post("/api/v1/officials", admin,
        "{\"username\":\"zirakpur.sanitation\",\"password\":\"sanitation password\",\"official_id\":\"zirakpur-sanitation\"}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("department-officer", json(created).get("role").asText());
    assertEquals("sanitation", json(created).get("scope").get("departments").get(0).asText());
    assertEquals("official_id", error(api.post("/api/v1/officials", admin,
        "{\"username\":\"ghost\",\"password\":\"ghost password\",\"official_id\":\"no-such-official\"}"), 400, "invalid").get("field").asText());
  }

  @Test
  void disablingStopsTheTokensAndAResetPasswordLiftsALock() {
    String token = api.official(admin, "to.disable", "observer", "{}");
    assertEquals(200, api.post("/api/v1/officials/to.disable/disable", admin, "").statusCode());
    error(api.get("/api/v1/cases", token), 401, "unauthorized");
    error(api.login("to.disable", "password of to.disable"), 401, "unauthorized");
    error(api.post("/api/v1/officials/admin/disable", admin, ""), 400, "invalid");

    String before = api.official(admin, "to.reset", "observer", "{}");
    for (int i = 0; i < 5; i++) api.login("to.reset", "wrong");
    error(api.login("to.reset", "password of to.reset"), 429, "too_many_attempts");
    api.clock.advance(Duration.ofSeconds(1));
    assertEquals(200, api.post("/api/v1/officials/to.reset/password", admin, "{\"password\":\"a brand new password\"}").statusCode());
    JsonNode ended = error(api.get("/api/v1/cases", before), 401, "unauthorized");
    assertTrue(ended.get("message").asText().contains("password was changed"), ended.toString());
    assertEquals(200, api.login("to.reset", "a brand new password").statusCode());
    error(api.login("to.reset", "password of to.reset"), 401, "unauthorized");
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'admin' AND action = 'reset-password' AND outcome = 'ok'"));
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE actor = 'admin' AND action = 'disable-official' AND outcome = 'invalid'"));
  }

  @Test
  void theAuditRecordCannotBeEditedOrRemoved() throws Exception {
    assertTrue(api.count("SELECT count(*) FROM audit_record") > 0);
    for (String sql : List.of("UPDATE audit_record SET outcome = 'ok'", "DELETE FROM audit_record", "TRUNCATE audit_record")) {
      SQLException e = assertThrows(SQLException.class, () -> api.execute(sql), sql);
      assertTrue(e.getMessage().contains("append-only"), e.getMessage());
    }
    assertInstanceOf(Long.class, api.count("SELECT count(*) FROM audit_record WHERE outcome <> 'ok'"));
  }

  @Test
  void passwordsAreStoredAsArgon2id() {
    assertEquals(1, api.count("SELECT count(*) FROM official_account WHERE username = 'admin' AND password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'"));
    assertTrue(Passwords.matches(ADMIN_PASSWORD, Passwords.hash(ADMIN_PASSWORD)));
    assertTrue(!Passwords.matches("another", Passwords.hash(ADMIN_PASSWORD)));
  }
}
