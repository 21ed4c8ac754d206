package chaupal.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import javax.sql.DataSource;

/**
 * Who may connect to the embedded PostgreSQL: only its own Chaupal, as {@code postgres} with a
 * password made at the first start and kept in a file that only its owner can read, over
 * loopback, by scram-sha-256. Without this, initdb's {@code trust} let every local user in.
 */
final class EmbeddedAccess {

  static final String PASSWORD_FILE = "postgres-password";
  private static final String HBA_FILE = "pg_hba.conf";
  private static final String MARK = "# chaupal: password required";
  private static final SecureRandom RANDOM = new SecureRandom();

  private EmbeddedAccess() {}

  /** The password kept in {@code file}. */
  record Password(String value, Path file, boolean madeNow) {}

  /** Reads the password, or makes one (256 random bits) in a new file readable by its owner alone. */
  static Password password(Path file) throws IOException {
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!kept.isEmpty()) return new Password(kept, file, false);
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // Written beside it and moved into place: a crash mid-write leaves no empty password file behind.
    Path fresh = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(fresh);
    Files.createFile(fresh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(fresh, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Password(value, file, true);
  }

  /** Whether {@code pgDir}'s pg_hba.conf is the one {@link #requirePassword} writes. */
  static boolean passwordRequired(Path pgDir) throws IOException {
    Path hba = pgDir.resolve(HBA_FILE);
    return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(MARK);
  }

  /** Loopback connections with the password only; no Unix socket lines, replication or trust. */
  static void requirePassword(Path pgDir) {
    writeHba(pgDir, MARK + " (see " + PASSWORD_FILE + " beside this directory)\n", "all", "scram-sha-256");
  }

  /**
   * For a directory made before passwords: until the password is set, {@code postgres} alone over
   * loopback, as every local user could until now. Its own Chaupal sets the password right after
   * the start ({@link #setPassword}); a crash in between repeats this on the next start.
   */
  static void trustUntilPasswordSet(Path pgDir) {
    writeHba(pgDir, "# chaupal: until the password is set\n", "postgres", "trust");
  }

  /** Sets the superuser's password, then requires it from every new connection. */
  static void setPassword(DataSource admin, Path pgDir, Password password) {
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      // The value is base64url (letters, digits, '-' and '_'): nothing in it can end the literal.
      s.execute("ALTER ROLE postgres PASSWORD '" + password.value() + "'");
      requirePassword(pgDir);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the password of the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void writeHba(Path pgDir, String header, String user, String method) {
    String lines = header
        + "host    all    " + user + "    127.0.0.1/32    " + method + "\n"
        + "host    all    " + user + "    ::1/128         " + method + "\n";
    try {
      Path tmp = pgDir.resolve(HBA_FILE + ".new");
      Files.writeString(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, pgDir.resolve(HBA_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("could not write " + pgDir.resolve(HBA_FILE) + ": " + e.getMessage(), e);
    }
  }
}
