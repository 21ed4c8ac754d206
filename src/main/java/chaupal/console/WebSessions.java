package chaupal.console;

import chaupal.db.BlockingSql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The web console's sessions in {@code web_session} (V71), shared by every node. A session ends when
 * idle for {@code idleTimeout}, {@code absoluteLifetime} after the login, at logout, and at the next
 * request after its account was disabled or its password changed.
 */
final class WebSessions {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();

  private final DataSource dataSource;
  private final Executor executor;
  private final Accounts accounts;
  private final WebSettings settings;
  private final Clock clock;

  WebSessions(DataSource dataSource, Executor executor, Accounts accounts, WebSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
  }

  /** 256 random bits, URL-safe: session ids, CSRF tokens. */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return URL64.encodeToString(bytes);
  }

  /** A new session for an account that just proved its password: always a new id, so a planted cookie is worth nothing. */
  CompletionStage<WebSession> open(Account account, String language) {
    Instant now = now();
    String id = randomToken();
    String csrf = randomToken();
    Instant expires = now.plus(settings.absoluteLifetime());
    return sweep(now).thenCompose(swept -> BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_session (id_hash, username, csrf_token, language, created_at, "
          + "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setBytes(1, hash(id));
        ps.setString(2, account.username());
        ps.setString(3, csrf);
        ps.setString(4, language);
        ps.setObject(5, Accounts.timestamp(now));
        ps.setObject(6, Accounts.timestamp(now));
        ps.setObject(7, Accounts.timestamp(expires));
        ps.executeUpdate();
        return new WebSession(id, account, csrf, language, earlier(now.plus(settings.idleTimeout()), expires));
      }
    }));
  }

  /** The live session of a cookie's id, its use recorded; empty (and the row gone) when it has ended. */
  CompletionStage<Optional<WebSession>> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 64) return CompletableFuture.completedFuture(Optional.empty());
    Instant now = now();
    record Row(String username, String csrf, String language, Instant created, Instant lastSeen, Instant expires) {}
    CompletionStage<Optional<Row>> row = BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT username, csrf_token, language, created_at, last_seen_at, expires_at "
          + "FROM web_session WHERE id_hash = ?")) {
        ps.setBytes(1, hash(id));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<Row>empty();
          return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5), instant(rs, 6)));
        }
      }
    });
    return row.thenCompose(found -> {
      if (found.isEmpty()) return CompletableFuture.completedFuture(Optional.<WebSession>empty());
      Row r = found.get();
      if (!now.isBefore(r.expires()) || !now.isBefore(r.lastSeen().plus(settings.idleTimeout()))) return ended(id);
      return accounts.find(r.username()).thenCompose(account -> {
        // A password set after the login (a change or a reset) ends the sessions opened with the old one.
        if (account.isEmpty() || account.get().disabled() || r.created().isBefore(account.get().passwordSetAt().truncatedTo(ChronoUnit.MICROS))) {
          return ended(id);
        }
        return touch(id, now).thenApply(done -> Optional.of(
            new WebSession(id, account.get(), r.csrf(), r.language(), earlier(now.plus(settings.idleTimeout()), r.expires()))));
      });
    });
  }

  CompletionStage<Void> end(String id) {
    return execute("DELETE FROM web_session WHERE id_hash = ?", hash(id));
  }

  /** Ends every session of an account (after its password changed, the changer gets a new one). */
  CompletionStage<Void> endAll(String username) {
    return execute("DELETE FROM web_session WHERE username = ?", username);
  }

  CompletionStage<Void> language(String id, String language) {
    return execute("UPDATE web_session SET language = ? WHERE id_hash = ?", language, hash(id));
  }

  /** Removes the sessions that have ended by time; runs at every login and from the console's timer. */
  CompletionStage<Void> sweep() {
    return sweep(now());
  }

  private CompletionStage<Void> sweep(Instant now) {
    return execute("DELETE FROM web_session WHERE expires_at <= ? OR last_seen_at <= ?",
        Accounts.timestamp(now), Accounts.timestamp(now.minus(settings.idleTimeout())));
  }

  private CompletionStage<Optional<WebSession>> ended(String id) {
    return end(id).thenApply(done -> Optional.empty());
  }

  private CompletionStage<Void> touch(String id, Instant now) {
    return execute("UPDATE web_session SET last_seen_at = ? WHERE id_hash = ?", Accounts.timestamp(now), hash(id));
  }

  private CompletionStage<Void> execute(String sql, Object... params) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        ps.executeUpdate();
        return (Void) null;
      }
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant instant(ResultSet rs, int column) throws java.sql.SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static byte[] hash(String id) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
