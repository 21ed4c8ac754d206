package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.http.javadsl.model.HttpRequest;
import akka.stream.Materializer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session in the web console for tests without a browser: {@link #signIn} goes through
 * the login form as a browser does (login cookie, CSRF field) and keeps the session cookie and the
 * session's CSRF token, for {@link ConsoleHarness} requests ({@link #get}, {@link #post}) or as a
 * {@code Cookie} header for akka-http testkit requests ({@link #cookie()}). {@link #call} builds a
 * {@link WebCall} for a page handler directly, with no HTTP at all.
 */
record WebSignIn(ConsoleHarness harness, String sessionId, String csrf) {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  /** Signs in through GET and POST /console/login; fails the test unless the login succeeds. */
  static WebSignIn signIn(ConsoleHarness h, String username, String password) {
    HttpResponse<String> form = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/console/login")).GET());
    assertEquals(200, form.statusCode(), form.body());
    String loginCookie = cookie(form, WebCookies.LOGIN);
    HttpResponse<String> posted = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/console/login"))
        .header("Cookie", WebCookies.LOGIN + "=" + loginCookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(encoded(Map.of("csrf", csrf(form.body()), "username", username,
            "password", password)))));
    assertEquals(303, posted.statusCode(), "login of " + username + ": " + posted.body());
    return fromLogin(h, posted);
  }

  /** The session a login's answer opened (its Set-Cookie), with that session's CSRF token read off a page. */
  static WebSignIn fromLogin(ConsoleHarness h, HttpResponse<String> answer) {
    String id = cookie(answer, WebCookies.SESSION);
    HttpResponse<String> page = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/console/password"))
        .header("Cookie", WebCookies.SESSION + "=" + id).GET());
    assertEquals(200, page.statusCode(), page.body());
    return new WebSignIn(h, id, csrf(page.body()));
  }

  /** The {@code Cookie} header's value. */
  String cookie() {
    return WebCookies.SESSION + "=" + sessionId;
  }

  /** For akka-http's testkit: {@code HttpRequest.GET("/console/").addHeader(signIn.cookieHeader())}. */
  akka.http.javadsl.model.headers.Cookie cookieHeader() {
    return akka.http.javadsl.model.headers.Cookie.create(WebCookies.SESSION, sessionId);
  }

  HttpResponse<String> get(String path) {
    return harness.send(java.net.http.HttpRequest.newBuilder(harness.uri(path)).header("Cookie", cookie()).GET());
  }

  /** A form POST with this session's CSRF token added. */
  HttpResponse<String> post(String path, Map<String, String> fields) {
    Map<String, String> all = new java.util.LinkedHashMap<>(fields);
    all.putIfAbsent("csrf", csrf);
    return harness.send(java.net.http.HttpRequest.newBuilder(harness.uri(path)).header("Cookie", cookie())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(encoded(all))));
  }

  /** A call to a page handler as ConsoleWeb would make it for {@code account}, without HTTP. */
  static WebCall call(Account account, HttpRequest request, List<String> params, Form form, String language, Materializer materializer) {
    WebSession session = new WebSession("test-session", account, "test-csrf", language, Instant.now().plusSeconds(1800));
    return new WebCall(params, request, session, form, language, materializer);
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) throw new AssertionError("no csrf field in the page: " + html);
    return m.group(1);
  }

  /** A cookie's value from the answer's Set-Cookie headers. */
  static String cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "="))
        .map(v -> v.substring(name.length() + 1, v.indexOf(';') < 0 ? v.length() : v.indexOf(';')))
        .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers().allValues("Set-Cookie")));
  }

  static String setCookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }

  static String encoded(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }
}
