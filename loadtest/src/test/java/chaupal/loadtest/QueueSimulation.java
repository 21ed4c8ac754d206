package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The officials' queue under reading load: signed-in officials (the state administrator, and a
 * Jalandhar officer it creates through the API) open {@code GET /console/} pages without and with
 * filters, {@code rate} sessions a second for {@code duration} seconds, each reading {@code pages}
 * pages. The cases come first, from {@code QueueCases.seed} (10,000 in the read table) or from a
 * grievance run on the same data directory. Asserts p99 under 300 ms per request name.
 */
public final class QueueSimulation extends Simulation {

  private static final String BASE_URL = RunParameters.string("baseUrl", RunParameters.loopbackBaseUrl());
  private static final String ADMIN_PASSWORD = RunParameters.string("adminPassword", "");
  private static final int RATE = RunParameters.count("rate", 5, 1);
  private static final int DURATION = RunParameters.count("duration", 30, 1);
  private static final int PAGES = RunParameters.count("pages", 4, 1);
  private static final String OFFICER = "queue-officer";
  private static final String OFFICER_PASSWORD = "queue-officer-password-1";

  private static final List<String[]> QUEUES = List.of(
      new String[] {"queue, no filter", "/console/"},
      new String[] {"queue, open and overdue", "/console/?status=open&overdue=true&sort=due"},
      new String[] {"queue, ULB, category, text, page 3", "/console/?ulb=pb.jalandhar&category=garbage&q=street&page=3"},
      new String[] {"queue, by latest change", "/console/?sort=-updated"});

  /** The console's own login form: its CSRF token, then the password. */
  private static ChainBuilder signIn(String username, String password) {
    return exec(http("login form").get("/console/login").check(status().is(200),
            css("input[name=csrf]", "value").saveAs("csrf")))
        .exec(http("login").post("/console/login")
            .formParam("username", username).formParam("password", password).formParam("csrf", "#{csrf}")
            .check(status().in(200, 303)));
  }

  private static ChainBuilder readQueues() {
    ChainBuilder chain = exec(session -> session);
    for (String[] queue : QUEUES) chain = chain.exec(http(queue[0]).get(queue[1]).check(status().is(200)));
    return repeat(PAGES).on(chain);
  }

  private static ScenarioBuilder official(String name, String username, String password) {
    return scenario(name).exec(signIn(username, password)).exec(readQueues());
  }

  {
    if (ADMIN_PASSWORD.isEmpty()) throw new IllegalStateException("-DadminPassword is needed (run.sh sets it)");
    createOfficer();
    setUp(
        official("state administrator", "admin", ADMIN_PASSWORD).injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION))),
        official("ULB officer", OFFICER, OFFICER_PASSWORD).injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION))))
        .protocols(http.baseUrl(BASE_URL).disableWarmUp())
        .assertions(global().failedRequests().count().is(0L),
            details("queue, no filter").responseTime().percentile(99.0).lt(300),
            details("queue, open and overdue").responseTime().percentile(99.0).lt(300),
            details("queue, ULB, category, text, page 3").responseTime().percentile(99.0).lt(300),
            details("queue, by latest change").responseTime().percentile(99.0).lt(300));
  }

  /** A Jalandhar street-lights officer, made once before the load through the officials' API (409: already there). */
  private static void createOfficer() {
    String token = OfficialsApi.adminToken(BASE_URL, ADMIN_PASSWORD);
    String body = "{\"username\":\"" + OFFICER + "\",\"password\":\"" + OFFICER_PASSWORD + "\",\"role\":\"department-officer\","
        + "\"scope\":{\"ulbs\":[\"pb.jalandhar\"],\"departments\":[\"street-lights\"],\"wards\":[]},"
        + "\"officialId\":\"jalandhar-street-lights\"}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/officials"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 409) {
        throw new IllegalStateException("POST /api/v1/officials answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + BASE_URL + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the queue officer", e);
    }
  }
}
