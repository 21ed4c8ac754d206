package chaupal.console;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;
import static chaupal.Setting.string;

import chaupal.Setting;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The officials' API's settings ({@code chaupal.console}). Empty {@code jwtSecret}: a generated one
 * kept under the data directory; empty {@code adminPassword}: no bootstrap administrator.
 */
public record ConsoleSettings(
    Duration tokenLifetime,
    String jwtSecret,
    String adminPassword,
    String adminTenant,
    int lockoutAfter,
    Duration lockoutFor,
    Duration failureDelay,
    int maxBodyBytes) {

  /** HS256 wants a key of at least 256 bits. */
  static final int MIN_SECRET_LENGTH = 32;

  public ConsoleSettings {
    if (!jwtSecret.isEmpty() && jwtSecret.length() < MIN_SECRET_LENGTH) {
      throw new Setting.Invalid("CHAUPAL_JWT_SECRET: " + jwtSecret.length() + " characters is too short to sign tokens; expected at least "
          + MIN_SECRET_LENGTH + " (e.g. openssl rand -base64 48), or unset for a generated one");
    }
    if (!adminPassword.isEmpty() && adminPassword.length() < Passwords.MIN_LENGTH) {
      throw new Setting.Invalid("CHAUPAL_ADMIN_PASSWORD: too short; expected at least " + Passwords.MIN_LENGTH + " characters");
    }
  }

  /** Reads {@code c}, the {@code chaupal.console} section. */
  public static ConsoleSettings from(Config c) {
    return new ConsoleSettings(
        duration(c, "token-lifetime", "CHAUPAL_TOKEN_LIFETIME", "a duration like 8h"),
        string(c, "jwt-secret", "CHAUPAL_JWT_SECRET"),
        string(c, "admin-password", "CHAUPAL_ADMIN_PASSWORD"),
        string(c, "admin-tenant", "CHAUPAL_ADMIN_TENANT"),
        intIn(c, "lockout-after", "CHAUPAL_LOCKOUT_AFTER", 1, 100, "a number of wrong passwords from 1 to 100"),
        duration(c, "lockout-for", "CHAUPAL_LOCKOUT_FOR", "a duration like 15m"),
        duration(c, "failure-delay", "chaupal.console.failure-delay", "a duration like 250ms"),
        intIn(c, "max-body-bytes", "chaupal.console.max-body-bytes", 1024, 8 << 20, "a size in bytes"));
  }
}
