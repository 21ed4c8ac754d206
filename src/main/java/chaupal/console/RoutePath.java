package chaupal.console;

import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The path matcher of the API's and the web pages' endpoints: literal segments, and {@code {name}} ones collected in order. */
final class RoutePath {

  private RoutePath() {}

  /** Matches {@code segments} below the prefix already matched, then the end of the path. */
  static Route matching(List<String> segments, Function<List<String>, Route> inner) {
    return matching(segments, 0, List.of(), inner);
  }

  private static Route matching(List<String> segments, int index, List<String> params, Function<List<String>, Route> inner) {
    if (index == segments.size()) return pathEnd(() -> inner.apply(params));
    String segment = segments.get(index);
    if (segment.startsWith("{")) {
      return pathPrefix(PathMatchers.segment(), value -> {
        List<String> more = new ArrayList<>(params);
        more.add(value);
        return matching(segments, index + 1, more, inner);
      });
    }
    return pathPrefix(segment, () -> matching(segments, index + 1, params, inner));
  }
}
