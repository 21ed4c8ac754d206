package chaupal.console;

import chaupal.outbound.TemplateRegistry;
import java.util.function.Supplier;
import static akka.http.javadsl.server.Directives.completeWithFuture;
import static akka.http.javadsl.server.Directives.extractMaterializer;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.handleRejections;
import static akka.http.javadsl.server.Directives.method;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.Setting;
import chaupal.cases.CaseDesk;
import chaupal.cases.CaseFigures;
import chaupal.db.BlockingSql;
import chaupal.media.Uploads;
import chaupal.tenancy.Directory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The officials' API under {@code /api/v1}: login for a bearer token, the cases in the caller's scope
 * through the {@link CaseDesk}, attachments, and the officials' own accounts, each call audited.
 * Every error, the routing layer's rejections included, has one JSON shape ({@link ApiJson}); the
 * OpenAPI description is served at {@code /api/v1/openapi.json}. The officials' web pages at
 * {@code /console} ({@link ConsoleWeb}) share its accounts, logins and audit log.
 */
public final class Console {

  private static final Logger log = LoggerFactory.getLogger(Console.class);
  static final String OPENAPI_RESOURCE = "/chaupal/console/openapi.json";
  static final List<String> ACTS = List.of("assign", "start", "resolve", "reject", "comment", "reopen", "ask");

  private final List<Endpoint> endpoints;
  private final long maxBodyBytes;
  private final BearerTokens tokens;
  private final Accounts accounts;
  private final ConsoleWeb web;

  private Console(List<Endpoint> endpoints, long maxBodyBytes, BearerTokens tokens, Accounts accounts, ConsoleWeb web) {
    this.endpoints = List.copyOf(endpoints);
    this.maxBodyBytes = maxBodyBytes;
    this.tokens = tokens;
    this.accounts = accounts;
    this.web = web;
  }

  /**
   * What the console works with besides cases: where officials' photos are stored, and the templates
   * synced from Meta with the way to sync them again.
   */
  public record Services(Uploads uploads, TemplateRegistry templates, Supplier<CompletionStage<Integer>> templateSync) {}

  /** Reads {@code chaupal.console}, sets up the bootstrap administrator, and builds the routes. */
  public static Console init(ActorSystem<?> system, DataSource dataSource, Directory directory, CaseDesk desk, Clock clock, Path dataDir,
      Services services) {
    return init(system, dataSource, directory, desk, clock, dataDir,
        ConsoleSettings.from(system.settings().config().getConfig("chaupal.console")), services);
  }

  static Console init(ActorSystem<?> system, DataSource dataSource, Directory directory, CaseDesk desk, Clock clock, Path dataDir,
      ConsoleSettings settings, Services services) {
    return init(system, dataSource, directory, desk, clock, dataDir, settings,
        WebSettings.from(system.settings().config().getConfig("chaupal.console.web")), services);
  }

  static Console init(ActorSystem<?> system, DataSource dataSource, Directory directory, CaseDesk desk, Clock clock, Path dataDir,
      ConsoleSettings settings, WebSettings webSettings, Services services) {
    Uploads uploads = services.uploads();
    Executor blocking = BlockingSql.executor(system);
    Accounts accounts = new Accounts(dataSource, blocking);
    AuditLog audit = new AuditLog(dataSource, blocking, clock);
    BearerTokens tokens = new BearerTokens(BearerTokens.secret(settings.jwtSecret(), dataDir), settings.tokenLifetime(), clock);
    bootstrapAdmin(accounts, directory, settings, clock);

    Logins logins = new Logins(accounts, audit, tokens, settings, blocking, clock);
    CaseCalls cases = new CaseCalls(desk, audit);
    OfficialAccounts officials = new OfficialAccounts(accounts, audit, directory, blocking, clock);
    TemplateCalls templates = new TemplateCalls(directory, services.templates(), services.templateSync(), audit);
    byte[] openApi = openApi();

    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint(HttpMethods.POST, "/login", false, logins::login));
    endpoints.add(new Endpoint(HttpMethods.GET, "/openapi.json", false, call -> CompletableFuture.completedFuture(
        HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, openApi)))));
    endpoints.add(new Endpoint(HttpMethods.GET, "/cases", true, cases::list));
    endpoints.add(new Endpoint(HttpMethods.GET, "/cases/{number}", true, cases::get));
    for (String act : ACTS) endpoints.add(new Endpoint(HttpMethods.POST, "/cases/{number}/" + act, true, call -> cases.act(call, act)));
    endpoints.add(new Endpoint(HttpMethods.GET, "/cases/{number}/attachments/{id}", true, cases::attachment));
    endpoints.add(new Endpoint(HttpMethods.GET, "/officials", true, officials::list));
    endpoints.add(new Endpoint(HttpMethods.POST, "/officials", true, officials::create));
    endpoints.add(new Endpoint(HttpMethods.POST, "/officials/{username}/disable", true, officials::disable));
    endpoints.add(new Endpoint(HttpMethods.POST, "/officials/{username}/password", true, officials::resetPassword));
    endpoints.add(new Endpoint(HttpMethods.POST, "/officials/{username}/scope", true, officials::rescope));
    endpoints.add(new Endpoint(HttpMethods.GET, "/templates", true, templates::list));
    endpoints.add(new Endpoint(HttpMethods.POST, "/templates/sync", true, templates::sync));
    endpoints.addAll(CampaignCalls.endpoints(system, audit));

    WebSessions sessions = new WebSessions(dataSource, blocking, accounts, webSettings, clock);
    StaticFiles files = new StaticFiles();
    Pages pages = new Pages(WebTexts.load(), files);
    WebCookies cookies = new WebCookies(webSettings.secureCookies());
    // The web console's pages, one line each.
    List<WebPage> webPages = List.of(
        new LoginPage(pages, logins, sessions, accounts, audit, cookies, blocking, clock),
        new QueuePage(desk, directory, pages, clock),
        new CasePage(pages, desk, directory, uploads, audit),
        new AccountabilityPage(pages, new CaseFigures(dataSource, blocking, clock), directory),
        new OfficialsPage(pages, officials),
        new AuditPage(pages, audit, directory));
    ConsoleWeb web = new ConsoleWeb(pages, sessions, webSettings, files, webPages);
    Duration sweepEvery = webSettings.idleTimeout();
    akka.actor.Cancellable sweeping = system.scheduler().scheduleAtFixedRate(sweepEvery, sweepEvery, () -> sessions.sweep().whenComplete((done, e) -> {
      if (e != null) log.warn("ended web sessions not swept: {}", e.toString());
    }), system.executionContext());
    // The database closes at the end of the shutdown: stop sweeping it before.
    akka.actor.CoordinatedShutdown.get(system).addTask(akka.actor.CoordinatedShutdown.PhaseServiceUnbind(), "web-session-sweep",
        () -> {
          sweeping.cancel();
          return CompletableFuture.completedFuture(akka.Done.getInstance());
        });
    return new Console(endpoints, settings.maxBodyBytes(), tokens, accounts, web);
  }

  private static void bootstrapAdmin(Accounts accounts, Directory directory, ConsoleSettings settings, Clock clock) {
    String password = settings.adminPassword().isEmpty() ? null : settings.adminPassword();
    if (password != null && directory.tenant(settings.adminTenant()).isEmpty()) {
      throw new Setting.Invalid("CHAUPAL_ADMIN_TENANT: no tenant \"" + settings.adminTenant() + "\" in the directory; expected one of "
          + directory.tenants().stream().map(t -> t.id()).collect(Collectors.joining(", ")));
    }
    try {
      accounts.bootstrapAdmin(settings.adminTenant(), password, clock.instant());
    } catch (SQLException e) {
      throw new IllegalStateException("could not set up the officials' administrator account: " + e.getMessage(), e);
    }
    if (password == null) {
      log.warn("CHAUPAL_ADMIN_PASSWORD is not set: there is no administrator \"admin\" for the officials' API");
    } else {
      log.info("officials' API: \"admin\" is the state administrator of {} (password from CHAUPAL_ADMIN_PASSWORD)", settings.adminTenant());
    }
  }

  /**
   * The routes of {@code /api/v1} and of the web console at {@code /console}; anything under {@code /api/v1}
   * that no endpoint takes is answered in the one error shape.
   */
  public Route route() {
    Function<HttpResponse, HttpResponse> asJson = Console::asProblem;
    RejectionHandler rejections = RejectionHandler.defaultHandler().mapRejectionResponse(asJson::apply);
    ExceptionHandler exceptions = ExceptionHandler.newBuilder().matchAny(e -> akka.http.javadsl.server.Directives.complete(ApiJson.error(e))).build();
    List<Route> routes = endpoints.stream().map(this::route).toList();
    Route api = pathPrefix("api", () -> pathPrefix("v1", () -> handleExceptions(exceptions, () -> handleRejections(rejections,
        () -> akka.http.javadsl.server.Directives.concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new))))));
    return akka.http.javadsl.server.Directives.concat(api, web.route());
  }

  /** The endpoints, in the order the router tries them (the OpenAPI test reads them). */
  List<Endpoint> endpoints() {
    return endpoints;
  }

  private Route route(Endpoint endpoint) {
    return RoutePath.matching(endpoint.segments(), params -> method(endpoint.method(), () -> extractRequest(request ->
        extractMaterializer(materializer -> completeWithFuture(answer(endpoint, params, request, materializer))))));
  }

  private CompletionStage<HttpResponse> answer(Endpoint endpoint, List<String> params, HttpRequest request, Materializer materializer) {
    CompletionStage<Account> caller = endpoint.authenticated() ? authenticate(request) : CompletableFuture.completedFuture(null);
    return caller.thenCompose(account -> endpoint.handler().handle(new Endpoint.Call(params, request, account, materializer, maxBodyBytes)))
        .exceptionally(ApiJson::error)
        .thenCompose(response -> request.entity().isStrict() || request.entity().isKnownEmpty()
            ? CompletableFuture.completedFuture(response)
            // An answer given before the body was read (401, 403) drops it first, so the client sees the answer.
            : request.discardEntityBytes(materializer).completionStage().handle((done, e) -> response));
  }

  private CompletionStage<Account> authenticate(HttpRequest request) {
    String header = request.getHeader("Authorization").map(h -> h.value()).orElse(null);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return CompletableFuture.failedFuture(ApiProblem.of(StatusCodes.UNAUTHORIZED, 
          "send the token from POST /api/v1/login in the header Authorization: Bearer <token>"));
    }
    BearerTokens.Holder holder;
    try {
      holder = tokens.verify(header.substring(7).trim());
    } catch (ApiProblem p) {
      return CompletableFuture.failedFuture(p);
    }
    return accounts.find(holder.username()).thenApply(found -> {
      Account account = found.filter(a -> !a.disabled()).orElseThrow(() -> ApiProblem.of(StatusCodes.UNAUTHORIZED,
          "the account \"" + holder.username() + "\" is disabled or no longer exists"));
      if (holder.issuedAt().isBefore(account.passwordSetAt().truncatedTo(ChronoUnit.SECONDS))) {
        throw ApiProblem.of(StatusCodes.UNAUTHORIZED, "the account's password was changed after this token was issued; log in again");
      }
      return account;
    });
  }

  /** A rejection's plain-text answer in the one error shape. */
  private static HttpResponse asProblem(HttpResponse plain) {
    HttpEntity entity = plain.entity();
    String text = entity instanceof HttpEntity.Strict strict ? strict.getData().utf8String() : plain.status().reason();
    return ApiJson.error(ApiProblem.of(plain.status(), text.isBlank() ? plain.status().reason() : text));
  }

  private static byte[] openApi() {
    try (InputStream in = Console.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
