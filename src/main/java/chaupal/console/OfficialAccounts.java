package chaupal.console;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Tenant;
import chaupal.tenancy.Ulb;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The officials' own accounts: list, create, disable, reset a password. State administrators manage
 * every account of their tenant; a ULB administrator only those within their own ULBs, and never a
 * state administrator. Everyone else is refused (403). An account the caller may not manage is
 * answered as unknown (404), like a case outside scope.
 */
final class OfficialAccounts {

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  record ScopeBody(List<String> ulbs, List<String> departments, List<Integer> wards) {}

  record NewAccount(String username, String password, String role, ScopeBody scope, String officialId) {}

  record PasswordBody(String password) {}

  /** A re-scope: the new role, the new scope, or both (what is left out stays). */
  record ScopeChange(String role, ScopeBody scope) {}

  /** An account as the API shows it: never its password hash. */
  record AccountView(String username, String tenant, Official.Role role, Official.Scope scope, String officialId,
      boolean disabled, String lockedUntil, String createdAt, String updatedAt) {

    static AccountView of(Account a) {
      return new AccountView(a.username(), a.tenant(), a.role(), a.scope(), a.officialId(), a.disabled(), time(a.lockedUntil()),
          time(a.createdAt()), time(a.updatedAt()));
    }

    private static String time(Instant at) {
      return at == null ? null : at.atZone(AuditLog.ZONE).toOffsetDateTime().toString();
    }
  }

  private final Accounts accounts;
  private final AuditLog audit;
  private final Directory directory;
  private final Executor blocking;
  private final Clock clock;

  OfficialAccounts(Accounts accounts, AuditLog audit, Directory directory, Executor blocking, Clock clock) {
    this.accounts = accounts;
    this.audit = audit;
    this.directory = directory;
    this.blocking = blocking;
    this.clock = clock;
  }

  CompletionStage<HttpResponse> list(Endpoint.Call call) {
    return managedAccounts(call.account())
        .thenApply(all -> ApiJson.response(StatusCodes.OK, Map.of("officials", all.stream().map(AccountView::of).toList())));
  }

  CompletionStage<HttpResponse> create(Endpoint.Call call) {
    return create(call.account(), () -> call.body(NewAccount.class))
        .thenApply(a -> ApiJson.response(StatusCodes.CREATED, AccountView.of(a)));
  }

  CompletionStage<HttpResponse> disable(Endpoint.Call call) {
    return disable(call.account(), call.param(0)).thenApply(a -> ApiJson.response(StatusCodes.OK, AccountView.of(a)));
  }

  CompletionStage<HttpResponse> resetPassword(Endpoint.Call call) {
    return resetPassword(call.account(), call.param(0), () -> call.body(PasswordBody.class).thenApply(PasswordBody::password))
        .thenApply(a -> ApiJson.response(StatusCodes.OK, AccountView.of(a)));
  }

  CompletionStage<HttpResponse> rescope(Endpoint.Call call) {
    return rescope(call.account(), call.param(0), () -> call.body(ScopeChange.class))
        .thenApply(a -> ApiJson.response(StatusCodes.OK, AccountView.of(a)));
  }

  // ---- the acts, the same for the API and the console's officials page; each one audited. What the
  // caller asks for is read only once they may ask it, so a refusal is a 403 or 404 whatever they sent. ----

  /** The accounts the caller administers (403 for anyone but an administrator). */
  CompletionStage<List<Account>> managedAccounts(Account caller) {
    CompletionStage<List<Account>> listed = administrator(caller)
        .thenCompose(ok -> accounts.list(caller.tenant()))
        .thenApply(all -> all.stream().filter(a -> manages(caller, a)).toList());
    return audit.recorded(caller.username(), "list-officials", null, listed, v -> single(caller.scope()), null);
  }

  CompletionStage<Account> create(Account caller, Supplier<CompletionStage<NewAccount>> asked) {
    CompletionStage<Account> created = administrator(caller)
        .thenCompose(ok -> asked.get())
        .thenApplyAsync(body -> account(caller, body), blocking)
        .thenCompose(account -> accounts.insert(account).thenApply(inserted -> {
          if (!inserted) throw ApiProblem.exists("username", "an account \"" + account.username() + "\" exists already");
          return account;
        }));
    return audit.recorded(caller.username(), "create-official", null, created, a -> single(a.scope()), single(caller.scope()));
  }

  CompletionStage<Account> disable(Account caller, String username) {
    CompletionStage<Account> disabled = managed(caller, username).thenCompose(target -> {
      if (target.username().equals(caller.username())) {
        throw ApiProblem.invalid("username", "you cannot disable your own account; ask another administrator");
      }
      return accounts.disable(username, clock.instant()).thenCompose(done -> accounts.find(username)).thenApply(Optional::orElseThrow);
    });
    return audit.recorded(caller.username(), "disable-official", null, disabled, a -> single(a.scope()), null);
  }

  CompletionStage<Account> resetPassword(Account caller, String username, Supplier<CompletionStage<String>> asked) {
    CompletionStage<Account> reset = managed(caller, username)
        .thenCompose(target -> asked.get()).thenApply(OfficialAccounts::newPassword)
        .thenComposeAsync(checked -> accounts.setPassword(username, Passwords.hash(checked), clock.instant()), blocking)
        .thenCompose(done -> accounts.find(username)).thenApply(Optional::orElseThrow);
    return audit.recorded(caller.username(), "reset-password", null, reset, a -> single(a.scope()), null);
  }

  /**
   * A new role and/or scope for an account the caller administers, within the caller's own powers
   * (the same limits as for a new account); one's own account is re-scoped by another administrator.
   */
  CompletionStage<Account> rescope(Account caller, String username, Supplier<CompletionStage<ScopeChange>> asked) {
    CompletionStage<Account> rescoped = managed(caller, username).thenCompose(target -> asked.get().thenCompose(change -> {
      if (target.username().equals(caller.username())) {
        throw ApiProblem.invalid("username", "you cannot change your own role or scope; ask another administrator");
      }
      if (change.role() == null && change.scope() == null) {
        throw ApiProblem.invalid("role", "give a new \"role\", a new \"scope\", or both");
      }
      Tenant tenant = tenantOf(caller);
      Official.Role role = change.role() == null ? target.role() : roleOf(change.role());
      Official.Scope scope = granted(caller, role, change.scope() == null ? target.scope() : scope(tenant, change.scope()));
      return accounts.rescope(username, role, scope, clock.instant()).thenCompose(done -> accounts.find(username))
          .thenApply(Optional::orElseThrow);
    }));
    return audit.recorded(caller.username(), "rescope-official", null, rescoped, a -> single(a.scope()), single(caller.scope()));
  }

  private static CompletionStage<Boolean> administrator(Account caller) {
    if (!caller.administers()) {
      return CompletableFuture.failedFuture(ApiProblem.of(StatusCodes.FORBIDDEN, "only state and ULB administrators manage officials' accounts"));
    }
    return CompletableFuture.completedFuture(true);
  }

  /** The account {@code username} if the caller may manage it; 404 as if unknown otherwise. */
  private CompletionStage<Account> managed(Account caller, String username) {
    return administrator(caller).thenCompose(ok -> accounts.find(username)).thenApply(found -> found
        .filter(a -> manages(caller, a))
        .orElseThrow(() -> ApiProblem.of(StatusCodes.NOT_FOUND, "no official account \"" + username + "\" that you administer")));
  }

  /** A state administrator manages their tenant's accounts; a ULB administrator those wholly within their ULBs. */
  static boolean manages(Account caller, Account target) {
    if (!caller.tenant().equals(target.tenant())) return false;
    if (caller.role() == Official.Role.STATE_ADMIN) return true;
    return caller.role() == Official.Role.ULB_ADMIN && target.role() != Official.Role.STATE_ADMIN
        && within(target.scope().ulbs(), caller.scope().ulbs());
  }

  private static boolean within(List<String> ulbs, List<String> own) {
    return own.isEmpty() || (!ulbs.isEmpty() && own.containsAll(ulbs));
  }

  /** The new account as asked, checked against the directory and the caller's own powers. */
  private Account account(Account caller, NewAccount body) {
    String username = ApiJson.required(body.username(), "username");
    if (!USERNAME.matcher(username).matches()) {
      throw ApiProblem.invalid("username", "username must be 3 to 64 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    String password = newPassword(body.password());
    Tenant tenant = tenantOf(caller);
    Optional<Official> official = Optional.ofNullable(body.officialId()).map(id -> tenant.officials().stream()
        .filter(o -> o.id().equals(id)).findFirst()
        .orElseThrow(() -> ApiProblem.invalid("official_id", "no official \"" + id + "\" in " + tenant.id() + "'s directory")));
    Official.Role role = body.role() != null ? roleOf(body.role()) : official.map(Official::role).orElse(null);
    if (role == null) throw ApiProblem.invalid("role", "field \"role\" is required (or an official_id to take it from)");
    Official.Scope scope = granted(caller, role, body.scope() != null ? scope(tenant, body.scope()) : official.map(Official::scope)
        .orElse(new Official.Scope(List.of(), List.of(), List.of())));
    Instant now = clock.instant();
    return new Account(username, Passwords.hash(password), caller.tenant(), role, scope, body.officialId(), false, 0, null, now, now, now);
  }

  /**
   * The role and scope the caller may grant, the one rule for new and re-scoped accounts: a ULB
   * administrator grants no state administrator and nothing beyond their own ULBs (no ULB named:
   * theirs); a state administrator anything within the tenant.
   */
  static Official.Scope granted(Account caller, Official.Role role, Official.Scope scope) {
    if (caller.role() != Official.Role.ULB_ADMIN) return scope;
    if (role == Official.Role.STATE_ADMIN) throw ApiProblem.of(StatusCodes.FORBIDDEN, "a ULB administrator cannot make a state administrator");
    Official.Scope within = scope.ulbs().isEmpty() ? new Official.Scope(caller.scope().ulbs(), scope.departments(), scope.wards()) : scope;
    if (!within(within.ulbs(), caller.scope().ulbs())) {
      throw ApiProblem.of(StatusCodes.FORBIDDEN, "you administer only " + String.join(", ", caller.scope().ulbs()) + "; scope.ulbs goes beyond them");
    }
    return within;
  }

  private Tenant tenantOf(Account caller) {
    return directory.tenant(caller.tenant()).orElseThrow(() -> ApiProblem.of(StatusCodes.FORBIDDEN, "your tenant is not in the directory"));
  }

  private static Official.Role roleOf(String key) {
    Official.Role role = Account.role(key);
    if (role == null) throw ApiProblem.invalid("role", "role must be one of state-admin, ulb-admin, department-officer, observer");
    return role;
  }

  private static Official.Scope scope(Tenant tenant, ScopeBody body) {
    List<String> ulbs = body.ulbs() == null ? List.of() : body.ulbs();
    List<String> departments = body.departments() == null ? List.of() : body.departments();
    List<Integer> wards = body.wards() == null ? List.of() : body.wards();
    Set<String> known = new HashSet<>();
    tenant.ulbs().stream().map(Ulb::code).forEach(known::add);
    tenant.areas().stream().map(Tenant.Area::id).forEach(known::add);
    for (int i = 0; i < ulbs.size(); i++) {
      if (!known.contains(ulbs.get(i))) throw ApiProblem.invalid("scope.ulbs[" + i + "]", "no ULB or area \"" + ulbs.get(i) + "\" in " + tenant.id());
    }
    Set<String> departmentIds = new HashSet<>();
    tenant.departments().forEach(d -> departmentIds.add(d.id()));
    for (int i = 0; i < departments.size(); i++) {
      if (!departmentIds.contains(departments.get(i))) {
        throw ApiProblem.invalid("scope.departments[" + i + "]", "no department \"" + departments.get(i) + "\" in " + tenant.id());
      }
    }
    if (!wards.isEmpty() && ulbs.size() != 1) throw ApiProblem.invalid("scope.wards", "wards narrow a single ULB: give exactly one in scope.ulbs");
    return new Official.Scope(ulbs, departments, wards);
  }

  private static String newPassword(String password) {
    String problem = Passwords.problem(password);
    if (problem != null) throw ApiProblem.invalid("password", problem);
    return password;
  }

  /** The ULB an account is about, when it is about exactly one. */
  private static String single(Official.Scope scope) {
    return scope.ulbs().size() == 1 ? scope.ulbs().get(0) : null;
  }
}
