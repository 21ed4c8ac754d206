package chaupal.console;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Signing in and out of the web console, changing one's password and the language. The login is the
 * API's ({@link Logins#check}: same accounts, lockout and audit); the session it opens lives in
 * {@link WebSessions}.
 */
final class LoginPage implements WebPage {

  private final Pages pages;
  private final Logins logins;
  private final WebSessions sessions;
  private final Accounts accounts;
  private final AuditLog audit;
  private final WebCookies cookies;
  private final Executor blocking;
  private final Clock clock;

  LoginPage(Pages pages, Logins logins, WebSessions sessions, Accounts accounts, AuditLog audit, WebCookies cookies, Executor blocking,
      Clock clock) {
    this.pages = pages;
    this.logins = logins;
    this.sessions = sessions;
    this.accounts = accounts;
    this.audit = audit;
    this.cookies = cookies;
    this.blocking = blocking;
    this.clock = clock;
  }

  @Override
  public List<WebEndpoint> endpoints() {
    return List.of(
        new WebEndpoint(HttpMethods.GET, "/login", false, this::form),
        new WebEndpoint(HttpMethods.POST, "/login", false, this::login),
        new WebEndpoint(HttpMethods.POST, "/logout", true, this::logout),
        new WebEndpoint(HttpMethods.GET, "/password", true, this::passwordForm),
        new WebEndpoint(HttpMethods.POST, "/password", true, this::changePassword),
        new WebEndpoint(HttpMethods.POST, "/language", true, this::language));
  }

  private CompletionStage<HttpResponse> form(WebCall call) {
    String next = ConsoleWeb.safeNext(call.query("next").orElse(null));
    if (call.session() != null) return done(pages.redirect(next));
    return done(loginPage(call, StatusCodes.OK, next, "", null));
  }

  private CompletionStage<HttpResponse> login(WebCall call) {
    String next = ConsoleWeb.safeNext(call.form().field("next").orElse(null));
    String username = call.form().field("username").orElse("");
    String password = raw(call.form(), "password");
    String language = WebTexts.supported(call.form().field("lang").orElse(call.language()));
    WebCall shown = new WebCall(call.params(), call.request(), null, call.form(), language, call.materializer());
    if (username.isEmpty() || password.isEmpty()) {
      return done(loginPage(shown, StatusCodes.BAD_REQUEST, next, username, text(language, "login_missing")));
    }
    return logins.check(username, password)
        .thenCompose(account -> sessions.open(account, language))
        .thenApply(session -> pages.redirect(next).addHeader(cookies.session(session.id()))
            .addHeader(cookies.cleared(WebCookies.LOGIN, WebCookies.LOGIN_PATH)))
        .exceptionally(e -> refused(shown, next, username, ApiJson.problem(e)));
  }

  private HttpResponse refused(WebCall call, String next, String username, ApiProblem problem) {
    String language = call.language();
    return switch (problem.status().intValue()) {
      case 401 -> loginPage(call, StatusCodes.UNAUTHORIZED, next, username, text(language, "login_wrong"));
      case 429 -> loginPage(call, StatusCodes.TOO_MANY_REQUESTS, next, username,
          text(language, "login_locked", minutes(problem.retryAfterSeconds())))
          .addHeader(RawHeader.create("Retry-After", Long.toString(problem.retryAfterSeconds())));
      case 503 -> loginPage(call, StatusCodes.SERVICE_UNAVAILABLE, next, username, text(language, "login_no_admin"));
      default -> throw problem;
    };
  }

  /** The login form, with a fresh pre-session token in its cookie and its hidden field. */
  private HttpResponse loginPage(WebCall call, StatusCode status, String next, String username, String error) {
    String token = WebSessions.randomToken();
    Map<String, Object> model = new HashMap<>();
    model.put("csrf", token);
    model.put("next", next);
    model.put("nextQuery", java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
    model.put("username", username);
    if (error != null) model.put("error", error);
    model.put("otherLang", call.language().equals("hi") ? "en" : "hi");
    model.put("otherLangName", text(call.language().equals("hi") ? "en" : "hi", "language_name"));
    return pages.page(call, status, "login", model).addHeader(cookies.login(token));
  }

  private CompletionStage<HttpResponse> logout(WebCall call) {
    return sessions.end(call.session().id()).thenApply(done -> pages.redirect(WebCookies.LOGIN_PATH + "?lang=" + call.language())
        .addHeader(cookies.cleared(WebCookies.SESSION, WebCookies.SESSION_PATH)));
  }

  private CompletionStage<HttpResponse> passwordForm(WebCall call) {
    Map<String, Object> model = new HashMap<>();
    if (call.query("changed").isPresent()) model.put("notice", text(call.language(), "password_changed"));
    return done(passwordPage(call, StatusCodes.OK, model));
  }

  private CompletionStage<HttpResponse> changePassword(WebCall call) {
    String language = call.language();
    String current = raw(call.form(), "current");
    String fresh = raw(call.form(), "new");
    String repeat = raw(call.form(), "repeat");
    String problem = Passwords.problem(fresh);
    if (problem != null) return done(passwordError(call, StatusCodes.BAD_REQUEST, text(language, "password_too_short", Passwords.MIN_LENGTH)));
    if (!fresh.equals(repeat)) return done(passwordError(call, StatusCodes.BAD_REQUEST, text(language, "password_mismatch")));
    Account account = call.account();
    return logins.check(account.username(), current)
        .thenCompose(right -> CompletableFuture.supplyAsync(() -> Passwords.hash(fresh), blocking))
        .thenCompose(hash -> {
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          return accounts.setPassword(account.username(), hash, now);
        })
        .thenCompose(set -> audit.write(new AuditLog.Entry(account.username(), "password-change", null, null, "ok", null)))
        // Every other browser of this account is signed out; this one gets a new session.
        .thenCompose(written -> sessions.endAll(account.username()))
        .thenCompose(ended -> sessions.open(account, language))
        .thenApply(session -> pages.redirect("/console/password?changed=1").addHeader(cookies.session(session.id())))
        .exceptionally(e -> {
          ApiProblem p = ApiJson.problem(e);
          return switch (p.status().intValue()) {
            case 401 -> passwordError(call, StatusCodes.BAD_REQUEST, text(language, "password_wrong_current"));
            case 429 -> passwordError(call, StatusCodes.TOO_MANY_REQUESTS,
                text(language, "login_locked", minutes(p.retryAfterSeconds())));
            default -> throw p;
          };
        });
  }

  private HttpResponse passwordError(WebCall call, StatusCode status, String error) {
    return passwordPage(call, status, Map.of("error", error));
  }

  private HttpResponse passwordPage(WebCall call, StatusCode status, Map<String, Object> extra) {
    Map<String, Object> model = new HashMap<>(extra);
    model.put("minLength", Passwords.MIN_LENGTH);
    return pages.page(call, status, "password", model);
  }

  private CompletionStage<HttpResponse> language(WebCall call) {
    String language = WebTexts.supported(call.form().field("lang").orElse(null));
    String back = ConsoleWeb.safeNext(call.form().field("next").orElse(null));
    return sessions.language(call.session().id(), language).thenApply(done -> pages.redirect(back));
  }

  /** Retry-After in whole minutes as a person reads it (the API adds a second to be safe). */
  private static long minutes(long seconds) {
    return Math.max(1, Math.round(seconds / 60.0));
  }

  private String text(String language, String key, Object... args) {
    return pages.texts().text(language, key, args);
  }

  /** A password field as typed: spaces at either end are part of it. */
  private static String raw(Form form, String name) {
    return form.all(name).stream().findFirst().orElse("");
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
