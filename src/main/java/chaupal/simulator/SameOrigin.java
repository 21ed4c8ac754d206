package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.server.Route;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keeps other web sites out of the simulator. It runs with development secrets that the source
 * publishes, so any page the user visits could otherwise post to it on loopback: refuse a foreign
 * {@code Origin} (a cross-site request from a browser), a {@code Host} that is a domain name other
 * than localhost (DNS rebinding needs a name: an IP address cannot be re-pointed), and, on the JSON
 * endpoints, any body that is not {@code application/json} (a form or {@code text/plain} post is
 * what a page can send without asking the server first).
 */
public final class SameOrigin {

  private static final Pattern LOCAL_OR_ADDRESS =
      Pattern.compile("(localhost|[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?", Pattern.CASE_INSENSITIVE);

  private SameOrigin() {}

  /** {@code inner} for requests from this machine's own pages or from programs; 403 for other sites. */
  public static Route only(Supplier<Route> inner) {
    return extractRequest(request -> refusal(request).map(why -> JsonReplies.error(403, why)).orElseGet(inner));
  }

  /** {@code inner} when the body is declared JSON; 415 otherwise. */
  static Route jsonBody(Supplier<Route> inner) {
    return extractRequest(request -> request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)
        ? inner.get()
        : JsonReplies.error(415, "send the body as Content-Type: application/json"));
  }

  /** Why a request is refused, or empty when it may pass. */
  static Optional<String> refusal(HttpRequest request) {
    String host = request.getHeader("Host").map(h -> h.value()).orElse("");
    if (!localOrAddress(host)) {
      return Optional.of("the simulator answers only to localhost or an IP address, not to Host \"" + host + "\"");
    }
    Optional<String> origin = request.getHeader("Origin").map(h -> h.value());
    if (origin.isPresent() && !(origin.get().equalsIgnoreCase("http://" + host) || origin.get().equalsIgnoreCase("https://" + host))) {
      return Optional.of("the simulator refuses requests from other sites (Origin " + origin.get() + ")");
    }
    return Optional.empty();
  }

  /** localhost or an IP literal, with or without a port. */
  static boolean localOrAddress(String hostHeader) {
    return LOCAL_OR_ADDRESS.matcher(hostHeader).matches();
  }

}
