package chaupal.console;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/login}: a password for a bearer token. Each wrong password in a row is answered
 * later than the one before, and the {@code lockout-after}-th locks the account for {@code lockout-for}
 * (429 with Retry-After, even for the right password). Every attempt is audited; the lock is logged
 * once, with the username and never the password.
 */
final class Logins {

  private static final Logger log = LoggerFactory.getLogger(Logins.class);
  static final String WRONG = "wrong username or password";

  record Request(String username, String password) {}

  record Token(String token, String expiresAt) {}

  private final Accounts accounts;
  private final AuditLog audit;
  private final BearerTokens tokens;
  private final ConsoleSettings settings;
  private final Executor blocking;
  private final Clock clock;

  Logins(Accounts accounts, AuditLog audit, BearerTokens tokens, ConsoleSettings settings, Executor blocking, Clock clock) {
    this.accounts = accounts;
    this.audit = audit;
    this.tokens = tokens;
    this.settings = settings;
    this.blocking = blocking;
    this.clock = clock;
  }

  CompletionStage<HttpResponse> login(Endpoint.Call call) {
    return call.body(Request.class)
        .thenCompose(r -> check(ApiJson.required(r.username(), "username"), ApiJson.required(r.password(), "password")))
        .thenApply(account -> {
          BearerTokens.Issued issued = tokens.issue(account.username());
          return ApiJson.response(StatusCodes.OK, new Token(issued.token(), issued.expiresAt().atZone(AuditLog.ZONE).toOffsetDateTime().toString()));
        });
  }

  /**
   * The one password check of the API's and the web console's logins: the account when the password
   * is right, else an {@link ApiProblem} (401 wrong, 429 locked, 503 no account yet); audited either way.
   */
  CompletionStage<Account> check(String typedUsername, String password) {
    // Usernames are lower case (OfficialAccounts): "Admin" typed on a phone is admin.
    String username = typedUsername.trim().toLowerCase(Locale.ROOT);
    return audit.recorded(username, "login", null, accounts.find(username).thenCompose(found -> attempt(username, password, found)),
        account -> null, null);
  }

  private CompletionStage<Account> attempt(String username, String password, Optional<Account> found) {
    Instant now = clock.instant();
    if (found.isEmpty() || found.get().disabled()) {
      // As slow as a wrong password, so that trying names tells nothing about which exist.
      return CompletableFuture.supplyAsync(() -> Passwords.matches(password, Passwords.DECOY), blocking)
          .thenCompose(ignored -> accounts.anyEnabled())
          .thenApply(any -> {
            if (!any) {
              throw ApiProblem.of(StatusCodes.SERVICE_UNAVAILABLE, "no official can log in yet: CHAUPAL_ADMIN_PASSWORD is not set. Set it and restart"
                  + " to make the state administrator \"admin\", who then creates the other accounts");
            }
            throw ApiProblem.of(StatusCodes.UNAUTHORIZED, WRONG);
          });
    }
    Account account = found.get();
    if (account.lockedAt(now)) throw locked(account.lockedUntil(), now);
    return CompletableFuture.supplyAsync(() -> Passwords.matches(password, account.passwordHash()), blocking)
        .thenCompose(right -> right ? granted(account, now) : refused(account, now));
  }

  private CompletionStage<Account> granted(Account account, Instant now) {
    return accounts.clearFailures(account.username(), now).thenApply(cleared -> account);
  }

  private CompletionStage<Account> refused(Account account, Instant now) {
    Instant lockUntil = now.plus(settings.lockoutFor());
    return accounts.recordFailure(account.username(), settings.lockoutAfter(), lockUntil, now).thenCompose(failure -> {
      if (failure.isPresent() && failure.get().lockedUntil() != null) {
        log.warn("official account \"{}\" locked until {} after {} wrong passwords in a row", account.username(),
            failure.get().lockedUntil(), settings.lockoutAfter());
        throw locked(failure.get().lockedUntil(), now);
      }
      long delay = settings.failureDelay().toMillis() * failure.map(Accounts.Failure::failedAttempts).orElse(1);
      return CompletableFuture.supplyAsync(() -> {
        throw ApiProblem.of(StatusCodes.UNAUTHORIZED, WRONG);
      }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    });
  }

  private ApiProblem locked(Instant until, Instant now) {
    long seconds = Duration.between(now, until).toSeconds() + 1;
    return ApiProblem.locked(seconds, "too many wrong passwords: this account is locked for " + seconds
        + " more seconds (until " + until.atZone(AuditLog.ZONE).toOffsetDateTime() + "); an administrator can reset its password");
  }

}
