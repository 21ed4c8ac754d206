package chaupal.console;

import static akka.http.javadsl.server.Directives.completeWithFuture;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.extractMaterializer;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.mapResponse;
import static akka.http.javadsl.server.Directives.method;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.pathSingleSlash;
import static akka.http.javadsl.server.Directives.redirect;

import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.Materializer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The officials' web console under {@code /console}: routes the {@link WebEndpoint}s of every
 * {@link WebPage}, finds the session from its cookie, sends a signed-out browser to the login page,
 * reads forms within {@code max-upload-bytes}, refuses any POST without its CSRF token, and serves the
 * static files. Every answer carries the strict Content-Security-Policy and its companion headers.
 */
final class ConsoleWeb {

  private static final Logger log = LoggerFactory.getLogger(ConsoleWeb.class);
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
      + "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final List<HttpHeader> SECURITY = List.of(
      RawHeader.create("Content-Security-Policy", CSP),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "same-origin"),
      RawHeader.create("X-Frame-Options", "DENY"));
  private static final HttpHeader NO_STORE = RawHeader.create("Cache-Control", "no-store");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Pages pages;
  private final WebSessions sessions;
  private final WebSettings settings;
  private final WebCookies cookies;
  private final StaticFiles files;
  private final List<WebEndpoint> endpoints;

  ConsoleWeb(Pages pages, WebSessions sessions, WebSettings settings, StaticFiles files, List<WebPage> webPages) {
    this.pages = pages;
    this.sessions = sessions;
    this.settings = settings;
    this.cookies = new WebCookies(settings.secureCookies());
    this.files = files;
    List<WebEndpoint> all = new ArrayList<>();
    webPages.forEach(p -> all.addAll(p.endpoints()));
    this.endpoints = List.copyOf(all);
  }

  List<WebEndpoint> endpoints() {
    return endpoints;
  }

  Route route() {
    ExceptionHandler failed = ExceptionHandler.newBuilder().matchAny(e -> {
      log.error("console page failed", e);
      return akka.http.javadsl.server.Directives.complete(StatusCodes.INTERNAL_SERVER_ERROR, "The page failed inside the server; it is logged.");
    }).build();
    List<Route> routes = new ArrayList<>();
    routes.add(pathEnd(() -> redirect(Uri.create("/console/"), StatusCodes.PERMANENT_REDIRECT)));
    routes.add(pathPrefix("static", this::statics));
    endpoints.forEach(e -> routes.add(route(e)));
    routes.add(extractRequest(request -> extractMaterializer(mat -> completeWithFuture(unknown(request, mat)))));
    Route all = concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
    // Pages and files go gzipped to a browser that asks (a queue page is 50 kB, 6 kB so: slow 3G phones);
    // the live stream is left as it is, so that each event leaves at once.
    Route compressed = concat(akka.http.javadsl.server.Directives.pathPrefixTest("live", () -> all),
        akka.http.javadsl.server.Directives.encodeResponse(() -> all));
    return pathPrefix("console", () -> mapResponse(ConsoleWeb::secured, () -> handleExceptions(failed, () -> compressed)));
  }

  private Route route(WebEndpoint endpoint) {
    java.util.function.Function<List<String>, Route> inner = params -> method(endpoint.method(), () -> extractRequest(request ->
        extractMaterializer(mat -> completeWithFuture(answer(endpoint, params, request, mat)))));
    return endpoint.segments().isEmpty() ? pathSingleSlash(() -> inner.apply(List.of())) : RoutePath.matching(endpoint.segments(), inner);
  }

  private Route statics() {
    return get(() -> concat(
        path(PathMatchers.segment(), name -> extractRequest(request -> akka.http.javadsl.server.Directives.complete(file(name, request)))),
        pathPrefix("uplot", () -> path(PathMatchers.segment(), name -> extractRequest(request ->
            akka.http.javadsl.server.Directives.complete(file("uplot/" + name, request)))))));
  }

  /** A static file; immutable when asked for by its version, else revalidated by its ETag. */
  private HttpResponse file(String name, HttpRequest request) {
    Optional<StaticFiles.Asset> found = files.find(name);
    if (found.isEmpty()) {
      return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).addHeader(NO_STORE).withEntity("no such file");
    }
    StaticFiles.Asset asset = found.get();
    String etag = "\"" + asset.version() + "\"";
    boolean versioned = request.getUri().query().get("v").filter(asset.version()::equals).isPresent();
    HttpHeader cache = RawHeader.create("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
    if (request.getHeader("If-None-Match").map(h -> h.value().contains(etag)).orElse(false)) {
      return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeader(cache).addHeader(RawHeader.create("ETag", etag));
    }
    return HttpResponse.create().addHeader(cache).addHeader(RawHeader.create("ETag", etag))
        .withEntity(HttpEntities.create(asset.type(), asset.bytes()));
  }

  private CompletionStage<HttpResponse> answer(WebEndpoint endpoint, List<String> params, HttpRequest request, Materializer mat) {
    Optional<String> cookie = WebCookies.read(request, WebCookies.SESSION);
    CompletionStage<Optional<WebSession>> lookup = cookie.map(sessions::find).orElse(CompletableFuture.completedFuture(Optional.empty()));
    return lookup.thenCompose(session -> {
      WebCall bare = new WebCall(params, request, session.orElse(null), Form.EMPTY, language(request, session), mat);
      CompletionStage<HttpResponse> answered;
      if (endpoint.signedIn() && session.isEmpty()) {
        answered = discarded(request, mat, request.method().equals(HttpMethods.GET)
            ? pages.redirect(loginWithNext(request)) : pages.redirect(WebCookies.LOGIN_PATH));
      } else if (request.method().equals(HttpMethods.POST)) {
        answered = form(request, mat).thenCompose(form -> {
          WebCall call = new WebCall(params, request, bare.session(), form, bare.language(), mat);
          String expected = endpoint.signedIn() ? session.get().csrfToken() : WebCookies.read(request, WebCookies.LOGIN).orElse(null);
          Optional<String> sent = form.field(CSRF_FIELD).or(() -> request.getHeader(CSRF_HEADER).map(HttpHeader::value));
          if (!sameToken(expected, sent.orElse(null))) {
            log.warn("refused POST {} from {}: CSRF token {}", request.getUri().path(), session.map(s -> s.account().username()).orElse("a signed-out browser"),
                sent.isEmpty() ? "missing" : expected == null ? "sent without a login cookie" : "not this session's");
            return CompletableFuture.completedFuture(problem(call, StatusCodes.FORBIDDEN, "error_csrf"));
          }
          return endpoint.handler().handle(call);
        });
      } else {
        answered = endpoint.handler().handle(bare);
      }
      return answered.exceptionally(e -> failed(bare, e));
    });
  }

  /** An unknown page: the one 404, with the navigation when signed in. */
  private CompletionStage<HttpResponse> unknown(HttpRequest request, Materializer mat) {
    CompletionStage<Optional<WebSession>> lookup = WebCookies.read(request, WebCookies.SESSION).map(sessions::find)
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
    return lookup.thenCompose(session -> discarded(request, mat,
        pages.notFound(new WebCall(List.of(), request, session.orElse(null), Form.EMPTY, language(request, session), mat))));
  }

  private HttpResponse failed(WebCall call, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TooLarge) return problem(call, StatusCodes.PAYLOAD_TOO_LARGE, "error_too_large", settings.maxUploadBytes() / (1024 * 1024));
    log.error("console page {} {} failed", call.request().method().value(), call.request().getUri().path(), cause);
    return problem(call, StatusCodes.INTERNAL_SERVER_ERROR, "error_internal");
  }

  /** An error page: {@code <key>_title} and {@code <key>_text} of the catalog. */
  HttpResponse problem(WebCall call, StatusCode status, String key, Object... args) {
    return pages.page(call, status, "error", Map.of("title", pages.texts().text(call.language(), key + "_title"),
        "message", pages.texts().text(call.language(), key + "_text", args)));
  }

  /** The form of a POST: urlencoded or multipart, at most {@code max-upload-bytes}; any other body is read as no fields. */
  private CompletionStage<Form> form(HttpRequest request, Materializer mat) {
    long max = settings.maxUploadBytes();
    HttpEntity entity = request.entity();
    if (entity.getContentLengthOption().orElse(0L) > max) {
      return discarded(request, mat, null).thenApply(ignored -> { throw new TooLarge(); });
    }
    akka.http.javadsl.model.MediaType type = entity.getContentType().mediaType();
    // by name: a multipart type carries its boundary as a parameter
    boolean urlencoded = type.mainType().equals("application") && type.subType().equals("x-www-form-urlencoded");
    boolean multipart = type.mainType().equals("multipart") && type.subType().equals("form-data");
    if (!urlencoded && !multipart) return discarded(request, mat, Form.EMPTY);
    CompletionStage<HttpEntity.Strict> strict = entity.withSizeLimit(max).toStrict(READ_TIMEOUT.toMillis(), mat)
        .handle((s, e) -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause != null) throw cause instanceof EntityStreamSizeException ? new TooLarge() : new CompletionException(cause);
          if (s.getData().size() > max) throw new TooLarge();
          return s;
        });
    if (urlencoded) {
      return strict.thenApply(s -> new Form(urlencoded(s.getData().utf8String()), List.of()));
    }
    return strict.thenCompose(s -> Unmarshaller.entityToMultipartFormData().unmarshal(s, mat))
        .thenCompose(data -> data.toStrict(READ_TIMEOUT.toMillis(), mat))
        .thenApply(data -> {
          Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
          List<Form.Upload> uploads = new ArrayList<>();
          for (var part : data.getStrictParts()) {
            HttpEntity.Strict body = part.getEntity();
            if (part.getFilename().isPresent()) {
              uploads.add(new Form.Upload(part.getName(), part.getFilename().get(), body.getContentType().toString(), body.getData().toArray()));
            } else {
              fields.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(body.getData().utf8String());
            }
          }
          return new Form(fields, uploads);
        });
  }

  /** {@code a=1&b=x+y} as the browser encodes a form (UTF-8, as the pages declare). */
  static Map<String, List<String>> urlencoded(String body) {
    Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException malformed) {
        // a broken %-escape: no browser sends one, so the field is left out (a missing csrf then refuses the form)
      }
    }
    return fields;
  }

  /** Answers only once the request's unread body is drained, so the browser sees the answer. */
  private static <T> CompletionStage<T> discarded(HttpRequest request, Materializer mat, T value) {
    if (request.entity().isStrict() || request.entity().isKnownEmpty()) return CompletableFuture.completedFuture(value);
    return request.discardEntityBytes(mat).completionStage().handle((done, e) -> value);
  }

  private static String language(HttpRequest request, Optional<WebSession> session) {
    return session.map(WebSession::language).orElseGet(() -> WebTexts.supported(request.getUri().query().get("lang").orElse(null)));
  }

  /** {@code /console/login?next=<this page>}: after the login the official lands where they were going. */
  static String loginWithNext(HttpRequest request) {
    String here = request.getUri().path() + request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
    return WebCookies.LOGIN_PATH + "?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
  }

  /** Where to go after a login or a language switch: a console path of this site, else the console's start. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/console/") || next.startsWith("//") || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f) || next.contains("//") || next.contains("/../")
        || next.startsWith(WebCookies.LOGIN_PATH) || next.startsWith("/console/logout") || next.startsWith("/console/language")) {
      return "/console/";
    }
    return next;
  }

  /** Constant-time comparison of a sent CSRF token with the expected one; nothing expected matches nothing. */
  static boolean sameToken(String expected, String sent) {
    if (expected == null || expected.isEmpty() || sent == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse secured(HttpResponse response) {
    HttpResponse r = response.addHeaders(SECURITY);
    return r.getHeader("Cache-Control").isPresent() ? r : r.addHeader(NO_STORE);
  }

  WebCookies cookies() {
    return cookies;
  }

  /** A form over {@code max-upload-bytes}. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("the form is larger than chaupal.console.web.max-upload-bytes", null, false, false);
    }
  }
}
