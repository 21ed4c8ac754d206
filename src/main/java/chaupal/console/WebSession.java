package chaupal.console;

import java.time.Instant;

/**
 * A signed-in official in a browser: the opaque id in the HttpOnly cookie, their account as it is
 * now (disabled or re-scoped accounts are seen at the next request), the CSRF token every form of
 * this session carries, the language chosen, and when the session ends unless used again.
 */
record WebSession(String id, Account account, String csrfToken, String language, Instant expiresAt) {

  /** What the pages show of who is signed in; never the password hash. */
  @Override
  public String toString() {
    return "WebSession[" + account.username() + ", until " + expiresAt + "]";
  }
}
