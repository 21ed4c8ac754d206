package chaupal.console;

import akka.http.javadsl.model.StatusCodes;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed, expiring bearer tokens (HS256 JWTs, Nimbus JOSE+JWT) naming the account that logged in.
 * Expiry is checked against the injected clock. The token names only the username: the account is
 * read again on every request, so a disabled account or a changed scope takes effect at once.
 */
final class BearerTokens {

  private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);
  static final String SECRET_FILE = "console-jwt.secret";
  private static final String ISSUER = "chaupal";

  /** Who a valid token names, and when it was issued (to the second, as JWTs keep it). */
  record Holder(String username, Instant issuedAt) {}

  /** A token and when it expires. */
  record Issued(String token, Instant expiresAt) {}

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration lifetime;
  private final Clock clock;

  BearerTokens(byte[] secret, Duration lifetime, Clock clock) {
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the token secret is not usable for HS256: " + e.getMessage(), e);
    }
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /**
   * The configured secret, or the one kept in {@code dataDir/console-jwt.secret}, made (random, 48
   * bytes, readable by the owner only) at the first start.
   */
  static byte[] secret(String configured, Path dataDir) {
    if (!configured.isEmpty()) return configured.getBytes(StandardCharsets.UTF_8);
    Path file = dataDir.resolve(SECRET_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(dataDir);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, Base64.getEncoder().encodeToString(random));
          log.info("CHAUPAL_JWT_SECRET is not set: officials' tokens are signed with a key generated in {}; "
              + "several nodes must share one CHAUPAL_JWT_SECRET instead", file.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
          // another start made it first: use theirs
        }
      }
      return Base64.getDecoder().decode(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the officials' token key in " + file.toAbsolutePath()
          + " (set CHAUPAL_JWT_SECRET, or make the data directory writable): " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file.toAbsolutePath() + " is not a token key written by Chaupal; delete it to make a new one"
          + " (tokens issued with it stop working)", e);
    }
  }

  Issued issue(String username) {
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(username)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return new Issued(jwt.serialize(), expires);
  }

  /** Who a valid token names; otherwise {@link ApiProblem} 401 saying why. */
  Holder verify(String token) {
    JWTClaimsSet claims;
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw ApiProblem.of(StatusCodes.UNAUTHORIZED, "the token's signature is not valid; log in again");
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException | IllegalStateException e) {
      throw ApiProblem.of(StatusCodes.UNAUTHORIZED, "the bearer token is malformed; log in at POST /api/v1/login");
    }
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    if (!ISSUER.equals(claims.getIssuer()) || claims.getSubject() == null || exp == null || iat == null) {
      throw ApiProblem.of(StatusCodes.UNAUTHORIZED, "the token was not issued by this API; log in again");
    }
    if (!clock.instant().isBefore(exp.toInstant())) throw ApiProblem.of(StatusCodes.UNAUTHORIZED, "the token has expired; log in again");
    return new Holder(claims.getSubject(), iat.toInstant());
  }
}
