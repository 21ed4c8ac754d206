package chaupal.console;

import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.HttpCookie;
import akka.http.javadsl.model.headers.SameSite;
import akka.http.javadsl.model.headers.SetCookie;
import java.util.Optional;

/**
 * The console's two cookies, both HttpOnly and SameSite=Strict (Secure when configured): the session
 * id for {@code /console}, and before a login the token that the login form must echo (a
 * double-submit token, so that another site cannot sign a browser in to an account of its choosing).
 */
final class WebCookies {

  static final String SESSION = "chaupal_session";
  static final String LOGIN = "chaupal_login";
  static final String SESSION_PATH = "/console";
  static final String LOGIN_PATH = "/console/login";

  private final boolean secure;

  WebCookies(boolean secure) {
    this.secure = secure;
  }

  static Optional<String> read(HttpRequest request, String name) {
    return request.getHeader(akka.http.javadsl.model.headers.Cookie.class).flatMap(h -> {
      for (akka.http.javadsl.model.headers.HttpCookiePair pair : h.getCookies()) {
        if (pair.name().equals(name)) return Optional.of(pair.value());
      }
      return Optional.empty();
    });
  }

  SetCookie session(String id) {
    return SetCookie.create(cookie(SESSION, id, SESSION_PATH));
  }

  SetCookie login(String token) {
    return SetCookie.create(cookie(LOGIN, token, LOGIN_PATH));
  }

  /** Tells the browser to forget a cookie. */
  SetCookie cleared(String name, String path) {
    return SetCookie.create(cookie(name, "", path).withMaxAge(0));
  }

  private HttpCookie cookie(String name, String value, String path) {
    return HttpCookie.create(name, value).withPath(path).withHttpOnly(true).withSecure(secure).withSameSite(SameSite.Strict);
  }
}
