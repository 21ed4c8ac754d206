package chaupal.console;

import static chaupal.console.ConsoleHarness.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web console's shell over real HTTP, without a browser: headers, cookies, CSRF, sessions, redirects, forms, static files. */
class ConsoleWebTest {

  static ConsoleHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new ConsoleHarness("console_web", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** A fresh token each time: a test that moves the clock by hours expires older ones. */
  private static String adminToken() {
    return h.token("admin", ADMIN_PASSWORD);
  }

  private static HttpResponse<String> get(String path) {
    return h.send(HttpRequest.newBuilder(h.uri(path)).GET());
  }

  private static HttpResponse<String> postLogin(String loginCookie, Map<String, String> fields) {
    HttpRequest.Builder b = HttpRequest.newBuilder(h.uri("/console/login")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(WebSignIn.encoded(fields)));
    if (loginCookie != null) b.header("Cookie", WebCookies.LOGIN + "=" + loginCookie);
    return h.send(b);
  }

  /** A login form's cookie and its hidden token. */
  private static String[] loginForm(String query) {
    HttpResponse<String> form = get("/console/login" + query);
    assertEquals(200, form.statusCode());
    return new String[] {WebSignIn.cookie(form, WebCookies.LOGIN), WebSignIn.csrf(form.body()), form.body()};
  }

  private static String location(HttpResponse<?> r) {
    return r.headers().firstValue("Location").orElse("(none)");
  }

  @Test
  void everyAnswerCarriesTheStrictPolicyAndIsNotStored() {
    for (String path : new String[] {"/console/login", "/console/no-such-page", "/console/password"}) {
      HttpResponse<String> r = get(path);
      assertEquals(ConsoleWeb.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null), path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
      assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(null), path);
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
      assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), path);
    }
    HttpResponse<String> unknown = get("/console/no-such-page");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("Not found"), unknown.body());
  }

  @Test
  void pagesAndFilesGoGzippedToABrowserThatAsks() {
    for (String path : new String[] {"/console/login", "/console/static/console.css"}) {
      HttpResponse<String> zipped = h.send(HttpRequest.newBuilder(h.uri(path)).header("Accept-Encoding", "gzip").GET());
      assertEquals(200, zipped.statusCode(), path);
      assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null), path);
      assertEquals(null, get(path).headers().firstValue("Content-Encoding").orElse(null), "plain when not asked: " + path);
    }
  }

  @Test
  void theBarePathRedirectsToTheSlash() {
    HttpResponse<String> r = get("/console");
    assertEquals(308, r.statusCode());
    assertEquals("/console/", location(r));
  }

  @Test
  void cookiesAreHttpOnlyStrictAndScopedAndTheTableKeepsOnlyAHash() {
    String login = WebSignIn.setCookie(get("/console/login"), WebCookies.LOGIN);
    assertTrue(login.contains("HttpOnly") && login.contains("SameSite=Strict") && login.contains("Path=/console/login"), login);
    assertFalse(login.contains("Secure"), "not over TLS in this test: " + login);

    HttpResponse<String> form = get("/console/login");
    HttpResponse<String> in = postLogin(WebSignIn.cookie(form, WebCookies.LOGIN), Map.of("csrf", WebSignIn.csrf(form.body()),
        "username", "admin", "password", ADMIN_PASSWORD));
    assertEquals(303, in.statusCode(), in.body());
    String session = WebSignIn.setCookie(in, WebCookies.SESSION);
    assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/console;"), session);
    String id = WebSignIn.cookie(in, WebCookies.SESSION);
    String hash = HexFormat.of().formatHex(WebSessions.hash(id));
    assertEquals(1, h.count("SELECT count(*) FROM web_session WHERE encode(id_hash, 'hex') = '" + hash + "'"));
    assertEquals(0, h.count("SELECT count(*) FROM web_session WHERE encode(id_hash, 'escape') LIKE '%" + id + "%' OR csrf_token = '" + id + "'"));
  }

  @Test
  void secureCookiesWhenConfigured() {
    String cookie = new WebCookies(true).session("x").value();
    assertTrue(cookie.contains("Secure"), cookie);
  }

  @Test
  void aSignedOutPageSendsToTheLoginAndBack() {
    HttpResponse<String> r = get("/console/password?x=1");
    assertEquals(303, r.statusCode());
    assertEquals("/console/login?next=%2Fconsole%2Fpassword%3Fx%3D1", location(r));
    String[] form = loginForm("?next=%2Fconsole%2Fpassword%3Fx%3D1");
    assertTrue(form[2].contains("name=\"next\" value=\"/console/password?x&#61;1\""), form[2]);
    HttpResponse<String> in = postLogin(form[0], Map.of("csrf", form[1], "username", "admin", "password", ADMIN_PASSWORD,
        "next", "/console/password?x=1"));
    assertEquals("/console/password?x=1", location(in));
  }

  @Test
  void nextMustBeAConsolePathOfThisSite() {
    for (String evil : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "/console/\\\\evil", "javascript:alert(1)",
        "/console//evil.example", " /console/"}) {
      String[] form = loginForm("");
      HttpResponse<String> in = postLogin(form[0], Map.of("csrf", form[1], "username", "admin", "password", ADMIN_PASSWORD, "next", evil));
      assertEquals(303, in.statusCode(), evil);
      assertEquals("/console/", location(in), evil);
    }
    assertEquals("/console/audit?ulb=pb.jalandhar", ConsoleWeb.safeNext("/console/audit?ulb=pb.jalandhar"));
  }

  @Test
  void theLoginFormRefusesAPostWithoutItsOwnToken() {
    long before = h.count("SELECT count(*) FROM web_session");
    String[] form = loginForm("");
    Map<String, String> right = Map.of("username", "admin", "password", ADMIN_PASSWORD);
    // another site's form: no login cookie (SameSite=Strict keeps it home), or a token of its own
    HttpResponse<String> noCookie = postLogin(null, with(right, "csrf", form[1]));
    assertEquals(403, noCookie.statusCode());
    assertTrue(noCookie.body().contains("Form expired"), noCookie.body());
    assertEquals(403, postLogin(form[0], with(right, "csrf", "forged")).statusCode());
    assertEquals(403, postLogin(form[0], right).statusCode());
    assertEquals(before, h.count("SELECT count(*) FROM web_session"));
    assertEquals(303, postLogin(form[0], with(right, "csrf", form[1])).statusCode());
  }

  @Test
  void everySignedInPostNeedsTheSessionsToken() {
    WebSignIn admin = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    assertEquals(403, admin.post("/console/language", Map.of("lang", "hi", "csrf", "")).statusCode());
    assertEquals(403, admin.post("/console/language", Map.of("lang", "hi", "csrf", admin.csrf() + "x")).statusCode());
    WebSignIn other = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    assertNotEquals(admin.csrf(), other.csrf());
    assertEquals(403, admin.post("/console/language", Map.of("lang", "hi", "csrf", other.csrf())).statusCode());
    assertTrue(admin.get("/console/password").body().contains("lang=\"en\""));
    // the header works as well as the field (for scripts)
    HttpResponse<String> byHeader = h.send(HttpRequest.newBuilder(h.uri("/console/language")).header("Cookie", admin.cookie())
        .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("lang=hi&next=%2Fconsole%2Fpassword")));
    assertEquals(303, byHeader.statusCode(), byHeader.body());
    assertEquals("/console/password", location(byHeader));
    assertTrue(admin.get("/console/password").body().contains("<html lang=\"hi\">"));
  }

  @Test
  void wrongPasswordsAreRefusedAndThenTheAccountIsLocked() {
    h.official(adminToken(), "web.locked", "observer", "{}");
    for (int i = 1; i < 5; i++) {
      String[] form = loginForm("");
      HttpResponse<String> r = postLogin(form[0], Map.of("csrf", form[1], "username", "web.locked", "password", "wrong password " + i));
      assertEquals(401, r.statusCode());
      assertTrue(r.body().contains("Wrong username or password.") && r.body().contains("value=\"web.locked\""), r.body());
    }
    String[] form = loginForm("");
    HttpResponse<String> locked = postLogin(form[0], Map.of("csrf", form[1], "username", "web.locked", "password", "wrong again"));
    assertEquals(429, locked.statusCode());
    assertTrue(locked.body().contains("locked for 15 more minute(s)"), locked.body());
    assertEquals("901", locked.headers().firstValue("Retry-After").orElse(null));
    assertTrue(h.count("SELECT count(*) FROM audit_record WHERE actor = 'web.locked' AND action = 'login' AND outcome = 'too_many_attempts'") >= 1);
  }

  @Test
  void aSessionEndsWhenIdleAndAtItsAbsoluteEnd() {
    WebSignIn idle = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    h.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, idle.get("/console/password").statusCode());
    h.clock.advance(Duration.ofMinutes(31));
    assertEquals(303, idle.get("/console/password").statusCode());

    WebSignIn busy = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    for (int i = 0; i < 28; i++) {
      h.clock.advance(Duration.ofMinutes(25));
      assertEquals(200, busy.get("/console/password").statusCode(), "after " + (i + 1) * 25 + " min");
    }
    h.clock.advance(Duration.ofMinutes(25)); // 12 h 5 min after the login
    HttpResponse<String> ended = busy.get("/console/password");
    assertEquals(303, ended.statusCode());
    assertEquals(0, h.count("SELECT count(*) FROM web_session WHERE encode(id_hash, 'hex') = '"
        + HexFormat.of().formatHex(WebSessions.hash(busy.sessionId())) + "'"));
  }

  @Test
  void aDisabledAccountOrAResetPasswordEndsItsSessions() {
    h.official(adminToken(), "web.disabled", "observer", "{}");
    WebSignIn s = WebSignIn.signIn(h, "web.disabled", "password of web.disabled");
    assertEquals(200, h.post("/api/v1/officials/web.disabled/disable", adminToken(), "").statusCode());
    assertEquals(303, s.get("/console/password").statusCode());

    h.official(adminToken(), "web.reset", "observer", "{}");
    WebSignIn r = WebSignIn.signIn(h, "web.reset", "password of web.reset");
    h.clock.advance(Duration.ofSeconds(1));
    assertEquals(200, h.post("/api/v1/officials/web.reset/password", adminToken(), "{\"password\":\"a brand new password\"}").statusCode());
    assertEquals(303, r.get("/console/password").statusCode());
  }

  @Test
  void changingThePasswordKeepsThisBrowserAndSignsOutTheOthers() {
    h.official(adminToken(), "web.changer", "observer", "{}");
    String old = "password of web.changer";
    WebSignIn here = WebSignIn.signIn(h, "web.changer", old);
    WebSignIn elsewhere = WebSignIn.signIn(h, "web.changer", old);
    HttpResponse<String> shortOne = here.post("/console/password", Map.of("current", old, "new", "short", "repeat", "short"));
    assertEquals(400, shortOne.statusCode());
    assertTrue(shortOne.body().contains("at least 10 characters"), shortOne.body());
    assertEquals(400, here.post("/console/password", Map.of("current", old, "new", "new password one", "repeat", "new password two")).statusCode());
    HttpResponse<String> wrong = here.post("/console/password", Map.of("current", "not it at all", "new", "new password one", "repeat", "new password one"));
    assertEquals(400, wrong.statusCode());
    assertTrue(wrong.body().contains("The current password is wrong."), wrong.body());

    HttpResponse<String> changed = here.post("/console/password", Map.of("current", old, "new", "new password one", "repeat", "new password one"));
    assertEquals(303, changed.statusCode(), changed.body());
    WebSignIn renewed = WebSignIn.fromLogin(h, changed);
    assertTrue(renewed.get("/console/password?changed=1").body().contains("Your password was changed."));
    assertEquals(303, here.get("/console/password").statusCode());
    assertEquals(303, elsewhere.get("/console/password").statusCode());
    assertEquals(401, h.login("web.changer", old).statusCode());
    assertEquals(200, h.login("web.changer", "new password one").statusCode());
  }

  @Test
  void logoutEndsTheSession() {
    WebSignIn s = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    HttpResponse<String> out = s.post("/console/logout", Map.of());
    assertEquals(303, out.statusCode());
    assertTrue(location(out).startsWith("/console/login"), location(out));
    assertTrue(WebSignIn.setCookie(out, WebCookies.SESSION).contains("Max-Age=0"));
    assertEquals(303, s.get("/console/password").statusCode());
  }

  @Test
  void theLoginPageSpeaksHindiWhenAsked() {
    HttpResponse<String> hi = get("/console/login?lang=hi");
    assertTrue(hi.body().contains("<html lang=\"hi\">") && hi.body().contains("साइन इन करें"), hi.body());
    String withNext = get("/console/login?next=%2Fconsole%2Faudit%3Fulb%3Dpb.jalandhar%26action%3Dlogin").body();
    assertTrue(withNext.contains("href=\"/console/login?lang=hi&amp;next=%2Fconsole%2Faudit%3Fulb%3Dpb.jalandhar%26action%3Dlogin\""), withNext);
    assertTrue(get("/console/login?lang=xx").body().contains("<html lang=\"en\">"));
  }

  @Test
  void aFormAboveTheLimitIsRefusedWith413() {
    WebSignIn s = WebSignIn.signIn(h, "admin", ADMIN_PASSWORD);
    String boundary = "b0undary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + s.csrf() + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        + "x".repeat(5 * 1024 * 1024 + 1) + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.uri("/console/language")).header("Cookie", s.cookie())
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("larger than 5 MiB"), r.body());
    String small = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + s.csrf() + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nhi\r\n--" + boundary + "--\r\n";
    HttpResponse<String> ok = h.send(HttpRequest.newBuilder(h.uri("/console/language")).header("Cookie", s.cookie())
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(small)));
    assertEquals(303, ok.statusCode(), ok.body());
  }

  @Test
  void staticFilesHaveTheirTypesAndVersions() {
    HttpResponse<String> css = get("/console/static/console.css");
    assertEquals(200, css.statusCode());
    assertEquals("text/css; charset=UTF-8", css.headers().firstValue("Content-Type").orElse(null));
    String etag = css.headers().firstValue("ETag").orElseThrow();
    assertEquals("no-cache", css.headers().firstValue("Cache-Control").orElse(null));
    assertEquals(304, h.send(HttpRequest.newBuilder(h.uri("/console/static/console.css")).header("If-None-Match", etag).GET()).statusCode());
    String version = etag.replace("\"", "");
    assertEquals("public, max-age=31536000, immutable",
        get("/console/static/console.css?v=" + version).headers().firstValue("Cache-Control").orElse(null));
    assertTrue(get("/console/login").body().contains("/console/static/console.css?v=" + version));

    HttpResponse<String> uplot = get("/console/static/uplot/uPlot.iife.min.js");
    assertEquals(200, uplot.statusCode());
    assertTrue(uplot.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
    assertEquals(200, get("/console/static/uplot/uPlot.min.css").statusCode());
    assertEquals(200, get("/console/static/console.js").statusCode());
    assertEquals(404, get("/console/static/..%2Fpages.mustache").statusCode());
    assertEquals(404, get("/console/static/texts_en.properties").statusCode());
    assertEquals(404, get("/console/static/nothing.js").statusCode());
  }

  private static Map<String, String> with(Map<String, String> fields, String name, String value) {
    Map<String, String> all = new java.util.HashMap<>(fields);
    all.put(name, value);
    return all;
  }
}
