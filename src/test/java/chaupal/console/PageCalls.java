package chaupal.console;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import chaupal.tenancy.Official;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Calls to console pages without a browser or router: a signed-in official's WebCall, and what the page answered. */
final class PageCalls {

  static final Instant SOME_TIME = Instant.parse("2026-11-30T10:00:00Z");

  static final Account STATE_ADMIN = account("state.admin", Official.Role.STATE_ADMIN, List.of(), List.of());
  static final Account JAL_ADMIN = account("jal.admin", Official.Role.ULB_ADMIN, List.of("pb.jalandhar"), List.of());

  private PageCalls() {}

  static Account account(String username, Official.Role role, List<String> ulbs, List<String> departments) {
    return new Account(username, "(no hash in page tests)", "punjab", role, new Official.Scope(ulbs, departments, List.of()), null,
        false, 0, null, SOME_TIME, SOME_TIME, SOME_TIME);
  }

  static WebCall get(Account account, String uri) {
    return call(account, HttpRequest.GET(uri), Form.EMPTY, "en");
  }

  static WebCall post(Account account, String uri, Map<String, String> fields) {
    Map<String, List<String>> all = new java.util.HashMap<>();
    fields.forEach((k, v) -> all.put(k, List.of(v)));
    return call(account, HttpRequest.create(uri).withMethod(HttpMethods.POST), new Form(all, List.of()), "en");
  }

  static WebCall call(Account account, HttpRequest request, Form form, String language) {
    WebSession session = new WebSession("session-of-" + account.username(), account, "csrf-token-of-" + account.username(), language,
        SOME_TIME.plusSeconds(3600));
    return new WebCall(List.of(), request, session, form, language, null);
  }

  static String body(HttpResponse response) {
    return ((HttpEntity.Strict) response.entity()).getData().utf8String();
  }

  /** A page's HTML with mustache.java's escaped "=" ({@code &#61;}) read back, so links can be compared as written. */
  static String html(HttpResponse response) {
    return body(response).replace("&#61;", "=");
  }

  /** The first endpoint of {@code endpoints} for method and path. */
  static WebEndpoint endpoint(List<WebEndpoint> endpoints, String method, String path) {
    return endpoints.stream().filter(e -> e.method().name().equals(method) && e.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no endpoint " + method + " " + path));
  }

  static HttpResponse answer(List<WebEndpoint> endpoints, String method, String path, WebCall call) {
    return endpoint(endpoints, method, path).handler().handle(call).toCompletableFuture().join();
  }
}
