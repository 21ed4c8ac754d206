package chaupal.console;

import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.stream.Materializer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One route of {@code /api/v1}: its method, its path below {@code /api/v1} with {@code {name}} for a
 * path segment, whether it needs a bearer token, and what answers it. The router is built from the
 * list of these and the OpenAPI test compares that same list with the served description.
 */
record Endpoint(HttpMethod method, String path, boolean authenticated, Handler handler) {

  interface Handler {
    CompletionStage<HttpResponse> handle(Call call);
  }

  /** The path's segments: literals, or {@code {name}} for a parameter. */
  List<String> segments() {
    return List.of(path.substring(1).split("/"));
  }

  /** One request to an endpoint: the path parameters in order, and the caller's account when authenticated. */
  record Call(List<String> params, HttpRequest request, Account account, Materializer materializer, long maxBodyBytes) {

    String param(int index) {
      return params.get(index);
    }

    Optional<String> query(String name) {
      return request.getUri().query().get(name);
    }

    <T> CompletionStage<T> body(Class<T> type) {
      return ApiJson.body(request.entity(), type, maxBodyBytes, materializer);
    }
  }
}
