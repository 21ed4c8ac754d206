package chaupal.console;

import chaupal.db.BlockingSql;
import chaupal.tenancy.Official;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** The {@code official_account} table, on the blocking dispatcher. */
final class Accounts {

  private static final String COLUMNS = "username, password_hash, tenant, role, scope_ulbs, scope_departments, scope_wards, "
      + "official_id, disabled, failed_attempts, locked_until, password_set_at, created_at, updated_at";

  /** A wrong password counted: how many in a row now, and until when the account is locked (null: not). */
  record Failure(int failedAttempts, Instant lockedUntil) {}

  private final DataSource dataSource;
  private final Executor executor;

  Accounts(DataSource dataSource, Executor executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  CompletionStage<Optional<Account>> find(String username) {
    return BlockingSql.run(dataSource, executor, c -> find(c, username));
  }

  /** Whether any account can log in at all (none: the API says how to make the first). */
  CompletionStage<Boolean> anyEnabled() {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM official_account WHERE NOT disabled LIMIT 1");
           ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  CompletionStage<List<Account>> list(String tenant) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM official_account WHERE tenant = ? ORDER BY username")) {
        ps.setString(1, tenant);
        List<Account> accounts = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) accounts.add(read(rs));
        }
        return accounts;
      }
    });
  }

  /** Adds the account; false when the username is taken. */
  CompletionStage<Boolean> insert(Account a) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO official_account (" + COLUMNS + ") "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
        ps.setString(1, a.username());
        ps.setString(2, a.passwordHash());
        ps.setString(3, a.tenant());
        ps.setString(4, Account.key(a.role()));
        bindScope(c, ps, 5, a.scope());
        ps.setString(8, a.officialId());
        ps.setBoolean(9, a.disabled());
        ps.setInt(10, a.failedAttempts());
        ps.setObject(11, timestamp(a.lockedUntil()));
        ps.setObject(12, timestamp(a.passwordSetAt()));
        ps.setObject(13, timestamp(a.createdAt()));
        ps.setObject(14, timestamp(a.updatedAt()));
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** A new password (a reset): also lifts a lock and forgets earlier wrong passwords. */
  CompletionStage<Boolean> setPassword(String username, String passwordHash, Instant now) {
    return update("UPDATE official_account SET password_hash = ?, failed_attempts = 0, locked_until = NULL, "
        + "password_set_at = ?, updated_at = ? WHERE username = ?", passwordHash, now, now, username);
  }

  /** A new role and scope; the account's sessions and tokens see it at their next request. */
  CompletionStage<Boolean> rescope(String username, Official.Role role, Official.Scope scope, Instant now) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE official_account SET role = ?, scope_ulbs = ?, scope_departments = ?, "
          + "scope_wards = ?, updated_at = ? WHERE username = ?")) {
        ps.setString(1, Account.key(role));
        bindScope(c, ps, 2, scope);
        ps.setObject(5, timestamp(now));
        ps.setString(6, username);
        return ps.executeUpdate() == 1;
      }
    });
  }

  CompletionStage<Boolean> disable(String username, Instant now) {
    return update("UPDATE official_account SET disabled = TRUE, updated_at = ? WHERE username = ?", now, username);
  }

  /**
   * Counts a wrong password in one statement (two at once both count); the {@code lockoutAfter}-th in
   * a row locks the account until {@code lockUntil} and starts the count again.
   */
  CompletionStage<Optional<Failure>> recordFailure(String username, int lockoutAfter, Instant lockUntil, Instant now) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE official_account SET "
          + "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END, "
          + "failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END, updated_at = ? "
          + "WHERE username = ? RETURNING failed_attempts, locked_until")) {
        ps.setInt(1, lockoutAfter);
        ps.setObject(2, timestamp(lockUntil));
        ps.setInt(3, lockoutAfter);
        ps.setObject(4, timestamp(now));
        ps.setString(5, username);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<Failure>empty();
          Instant until = instant(rs, "locked_until");
          boolean lockedNow = until != null && until.equals(lockUntil);
          return Optional.of(new Failure(lockedNow ? lockoutAfter : rs.getInt(1), lockedNow ? until : null));
        }
      }
    });
  }

  CompletionStage<Boolean> clearFailures(String username, Instant now) {
    return update("UPDATE official_account SET failed_attempts = 0, locked_until = NULL, updated_at = ? "
        + "WHERE username = ? AND (failed_attempts <> 0 OR locked_until IS NOT NULL)", now, username);
  }

  /**
   * Makes {@code admin} the state administrator of {@code tenant} with {@code password}, enabled and
   * unlocked (the operator who sets CHAUPAL_ADMIN_PASSWORD means to get in); keeps the stored hash
   * when the password is unchanged. {@code password} null: disables {@code admin}, if there is one.
   */
  void bootstrapAdmin(String tenant, String password, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (password == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE official_account SET disabled = TRUE, updated_at = ? WHERE username = ? AND NOT disabled")) {
          ps.setObject(1, timestamp(now));
          ps.setString(2, Account.ADMIN);
          ps.executeUpdate();
        }
        return;
      }
      Optional<Account> existing = find(c, Account.ADMIN);
      String hash = existing.filter(a -> Passwords.matches(password, a.passwordHash())).map(Account::passwordHash)
          .orElseGet(() -> Passwords.hash(password));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO official_account (username, password_hash, tenant, role, "
          + "password_set_at, created_at, updated_at) VALUES (?, ?, ?, 'state-admin', ?, ?, ?) ON CONFLICT (username) DO UPDATE SET "
          + "password_hash = EXCLUDED.password_hash, tenant = EXCLUDED.tenant, role = 'state-admin', scope_ulbs = '{}', "
          + "scope_departments = '{}', scope_wards = '{}', disabled = FALSE, failed_attempts = 0, locked_until = NULL, "
          + "password_set_at = CASE WHEN official_account.password_hash = EXCLUDED.password_hash "
          + "THEN official_account.password_set_at ELSE EXCLUDED.password_set_at END, updated_at = EXCLUDED.updated_at")) {
        ps.setString(1, Account.ADMIN);
        ps.setString(2, hash);
        ps.setString(3, tenant);
        ps.setObject(4, timestamp(now));
        ps.setObject(5, timestamp(now));
        ps.setObject(6, timestamp(now));
        ps.executeUpdate();
      }
    }
  }

  /** Runs one UPDATE of one account; true when it changed a row. */
  private CompletionStage<Boolean> update(String sql, Object... params) {
    return BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i] instanceof Instant at ? timestamp(at) : params[i]);
        }
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** The scope's ulbs, departments and wards as the array parameters {@code first} to {@code first + 2}. */
  private static void bindScope(Connection c, PreparedStatement ps, int first, Official.Scope scope) throws SQLException {
    ps.setArray(first, c.createArrayOf("text", scope.ulbs().toArray()));
    ps.setArray(first + 1, c.createArrayOf("text", scope.departments().toArray()));
    ps.setArray(first + 2, c.createArrayOf("integer", scope.wards().toArray()));
  }

  private static Optional<Account> find(Connection c, String username) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM official_account WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static Account read(ResultSet rs) throws SQLException {
    return new Account(
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getString("tenant"),
        Account.role(rs.getString("role")),
        new Official.Scope(strings(rs.getArray("scope_ulbs")), strings(rs.getArray("scope_departments")), ints(rs.getArray("scope_wards"))),
        rs.getString("official_id"),
        rs.getBoolean("disabled"),
        rs.getInt("failed_attempts"),
        instant(rs, "locked_until"),
        instant(rs, "password_set_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }

  private static List<Integer> ints(Array array) throws SQLException {
    return Arrays.stream((Object[]) array.getArray()).map(o -> ((Number) o).intValue()).toList();
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
