package chaupal.console;

import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One page or form of the console's web pages under {@code /console}: its method, its path below
 * {@code /console} with {@code {name}} for a path segment, whether it needs a signed-in official, and
 * what answers it. Each page class lists its own; {@code ConsoleWeb} routes them all, checks the
 * session and, for every POST, the CSRF token before the handler runs.
 */
record WebEndpoint(HttpMethod method, String path, boolean signedIn, Handler handler) {

  interface Handler {
    CompletionStage<HttpResponse> handle(WebCall call);
  }

  /** The path's segments: literals, or {@code {name}} for a parameter ({@code "/"} has none). */
  List<String> segments() {
    return path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
  }
}
