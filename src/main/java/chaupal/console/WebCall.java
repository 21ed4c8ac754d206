package chaupal.console;

import akka.http.javadsl.model.HttpRequest;
import akka.stream.Materializer;
import java.util.List;
import java.util.Optional;

/**
 * One request to a console page: the path parameters in order, the signed-in official's session
 * (null on a public page such as the login form), the submitted form (empty for a GET; its CSRF token
 * already checked) and the language the page is shown in ({@code en} or {@code hi}).
 */
record WebCall(List<String> params, HttpRequest request, WebSession session, Form form, String language,
    Materializer materializer) {

  String param(int index) {
    return params.get(index);
  }

  /** A query parameter; blank counts as absent, so an empty filter box filters nothing. */
  Optional<String> query(String name) {
    return request.getUri().query().get(name).map(String::trim).filter(v -> !v.isEmpty());
  }

  Account account() {
    return session == null ? null : session.account();
  }
}
