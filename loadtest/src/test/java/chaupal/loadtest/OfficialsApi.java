package chaupal.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The officials' API as the scenario needs it: the bootstrap administrator's bearer token. */
final class OfficialsApi {

  static final String LOGIN_PATH = "/api/v1/login";
  static final String CASE_PATH = "/api/v1/cases/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private OfficialsApi() {}

  /** {@code POST /api/v1/login} as {@code admin}; once, before the load, so it blocks. */
  static String adminToken(String baseUrl, String password) {
    String body = JsonNodeFactory.instance.objectNode().put("username", "admin").put("password", password).toString();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + LOGIN_PATH))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + baseUrl + LOGIN_PATH + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while logging in", e);
    }
    String token = "";
    if (response.statusCode() == 200) {
      try {
        JsonNode answer = JSON.readTree(response.body());
        token = answer.path("token").asText("");
      } catch (IOException e) {
        token = "";
      }
    }
    if (token.isEmpty()) {
      throw new IllegalStateException("POST " + LOGIN_PATH + " as admin answered " + response.statusCode() + " without a token: "
          + response.body() + " (is the server started with CHAUPAL_ADMIN_PASSWORD equal to -DadminPassword?)");
    }
    return token;
  }
}
