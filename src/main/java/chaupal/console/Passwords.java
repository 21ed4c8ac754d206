package chaupal.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Officials' passwords as argon2id hashes (Bouncy Castle), in the PHC string format so that a hash
 * keeps the parameters it was made with: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}.
 * The parameters are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane).
 */
final class Passwords {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 256;

  private static final int MEMORY_KB = 19_456;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** Verified against when the username is unknown, so that a wrong name costs as long as a wrong password. */
  static final String DECOY = hash("decoy password, never anyone's");

  private Passwords() {}

  /** The reason a new password is not acceptable, or null. */
  static String problem(String password) {
    if (password == null || password.isEmpty()) return "a password is required";
    if (password.length() < MIN_LENGTH) return "the password must have at least " + MIN_LENGTH + " characters";
    if (password.length() > MAX_LENGTH) return "the password must have at most " + MAX_LENGTH + " characters";
    return null;
  }

  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  /** Whether {@code password} is the one {@code encoded} was made from; false for a malformed hash. */
  static boolean matches(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) return false;
    try {
      int m = 0, t = 0, p = 0;
      for (String kv : parts[3].split(",")) {
        int value = Integer.parseInt(kv.substring(2));
        switch (kv.substring(0, 2)) {
          case "m=" -> m = value;
          case "t=" -> t = value;
          case "p=" -> p = value;
          default -> { return false; }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p, expected.length));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKb, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKb)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.toCharArray(), out);
    return out;
  }
}
