package chaupal.console;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import chaupal.tenancy.Official;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The officials page for state and ULB administrators: the accounts they administer, and forms to add
 * one, disable one, reset a password and change a role or scope. Every act goes through
 * {@link OfficialAccounts}, the API's own code, so the rules (a ULB administrator grants nothing
 * beyond their ULB ...) and the audit are the same; anyone else gets the 403 page.
 */
final class OfficialsPage implements WebPage {

  private final Pages pages;
  private final OfficialAccounts officials;

  OfficialsPage(Pages pages, OfficialAccounts officials) {
    this.pages = pages;
    this.officials = officials;
  }

  public List<WebEndpoint> endpoints() {
    return List.of(
        new WebEndpoint(HttpMethods.GET, "/officials", true, call -> list(call, StatusCodes.OK, null)),
        new WebEndpoint(HttpMethods.POST, "/officials", true, this::create),
        new WebEndpoint(HttpMethods.POST, "/officials/{username}/disable", true,
            call -> done(call, officials.disable(call.account(), call.param(0)), "disabled")),
        new WebEndpoint(HttpMethods.POST, "/officials/{username}/password", true, call -> done(call,
            officials.resetPassword(call.account(), call.param(0), () -> asked(call.form().field("password").orElse(null))), "password")),
        new WebEndpoint(HttpMethods.POST, "/officials/{username}/scope", true, call -> done(call,
            officials.rescope(call.account(), call.param(0), () -> asked(scopeChange(call.form()))), "rescoped")));
  }

  private CompletionStage<HttpResponse> create(WebCall call) {
    Form f = call.form();
    return done(call, officials.create(call.account(), () -> asked(new OfficialAccounts.NewAccount(
        f.field("username").orElse(null), f.field("password").orElse(null), f.field("role").orElse(null),
        scope(f), f.field("official_id").orElse(null)))), "created");
  }

  /** After an act: back to the list with what was done, or the list again with why not (403 and 404 as their pages). */
  private CompletionStage<HttpResponse> done(WebCall call, CompletionStage<Account> act, String what) {
    return act.thenApply(a -> pages.redirect("/console/officials?done=" + what + "&who=" + java.net.URLEncoder.encode(a.username(),
            java.nio.charset.StandardCharsets.UTF_8)))
        .exceptionallyCompose(failure -> {
          ApiProblem problem = ApiJson.problem(failure);
          return list(call, problem.status(), problem);
        });
  }

  private CompletionStage<HttpResponse> list(WebCall call, StatusCode status, ApiProblem problem) {
    Account caller = call.account();
    if (problem != null && problem.status().intValue() == 404) return CompletableFuture.completedFuture(pages.notFound(call));
    if (problem != null && problem.status().intValue() == 403 && !caller.administers()) {
      return CompletableFuture.completedFuture(forbidden(pages, call));
    }
    return officials.managedAccounts(caller).thenApply(accounts -> {
      Map<String, String> t = pages.texts().of(call.language());
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("accounts", accounts.stream().map(a -> row(caller, a, t)).toList());
      model.put("roles", roles(caller, null, t));
      call.query("done").filter(d -> List.of("created", "disabled", "password", "rescoped").contains(d))
          .ifPresent(d -> model.put("done", pages.texts().text(call.language(), "officials_done_" + d, call.query("who").orElse(""))));
      if (problem != null) model.put("error", problem.getMessage());
      return pages.page(call, status, "officials", model);
    }).exceptionally(failure -> {
      if (ApiJson.problem(failure).status().intValue() == 403) return forbidden(pages, call);
      throw new java.util.concurrent.CompletionException(failure);
    });
  }

  /** The one 403 page of the administrators' pages. */
  static HttpResponse forbidden(Pages pages, WebCall call) {
    return pages.page(call, StatusCodes.FORBIDDEN, "admin-forbidden", Map.of());
  }

  private static Map<String, Object> row(Account caller, Account a, Map<String, String> t) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("username", a.username());
    row.put("role", t.get("officials_role_" + Account.key(a.role()).replace('-', '_')));
    row.put("ulbs", String.join(", ", a.scope().ulbs()));
    row.put("departments", String.join(", ", a.scope().departments()));
    row.put("wards", String.join(", ", a.scope().wards().stream().map(String::valueOf).toList()));
    row.put("disabled", a.disabled());
    row.put("updated", WebTime.shown(a.updatedAt()));
    row.put("self", a.username().equals(caller.username()));
    row.put("roles", roles(caller, a.role(), t));
    return row;
  }

  /** The roles the caller may grant (a ULB administrator no state administrator), the current one selected. */
  private static List<Map<String, Object>> roles(Account caller, Official.Role current, Map<String, String> t) {
    List<Map<String, Object>> roles = new ArrayList<>();
    for (Official.Role role : Official.Role.values()) {
      if (caller.role() != Official.Role.STATE_ADMIN && role == Official.Role.STATE_ADMIN) continue;
      String key = Account.key(role);
      roles.add(Map.of("key", key, "label", t.get("officials_role_" + key.replace('-', '_')), "selected", role == current));
    }
    return roles;
  }

  /** The re-scope form: a role, and ULBs/departments/wards as comma-separated lists (all three blank: the scope stays). */
  static OfficialAccounts.ScopeChange scopeChange(Form f) {
    return new OfficialAccounts.ScopeChange(f.field("role").orElse(null), scope(f));
  }

  private static OfficialAccounts.ScopeBody scope(Form f) {
    List<String> ulbs = list(f, "ulbs", Function.identity());
    List<String> departments = list(f, "departments", Function.identity());
    List<Integer> wards = list(f, "wards", OfficialsPage::ward);
    if (ulbs.isEmpty() && departments.isEmpty() && wards.isEmpty() && f.field("scope_all").isEmpty()) return null;
    return new OfficialAccounts.ScopeBody(ulbs, departments, wards);
  }

  private static <T> List<T> list(Form f, String field, Function<String, T> read) {
    return f.field(field).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(read).toList())
        .orElse(List.of());
  }

  private static Integer ward(String text) {
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid("wards", "wards are numbers separated by commas, not \"" + text + "\"");
    }
  }

  private static <T> CompletionStage<T> asked(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
