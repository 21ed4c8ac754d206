package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;
import static chaupal.simulator.SimulatorHarness.*;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The phone page against a tiny scripted bot, to look at the page in a browser without the platform:
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt && java -cp target/classes:target/test-classes:$(cat cp.txt)
 * chaupal.simulator.PhoneDemo 8099 300}, then open {@code http://127.0.0.1:8099/phone}. Arguments: port, seconds to run.
 * A text containing "500" is refused, to watch the simulator retry like Meta.
 */
public final class PhoneDemo {

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 300;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "phone-demo");
    String base = "http://127.0.0.1:" + port;
    Simulator simulator = new Simulator(system, new SimulatorSettings(base + "/webhooks/whatsapp", SECRET, TOKEN,
        List.of(CITY, TOWN), 80, true, false, Duration.ofSeconds(2)));
    HttpClient client = HttpClient.newHttpClient();
    Route bot = path(PathMatchers.segment("webhooks").slash("whatsapp"), () ->
        entity(Unmarshaller.entityToByteArray(), raw -> {
          JsonNode value = json(new String(raw, StandardCharsets.US_ASCII)).path("entry").path(0).path("changes").path(0).path("value");
          JsonNode message = value.path("messages").path(0);
          if (message.path("text").path("body").asText("").contains("500")) return complete(StatusCodes.INTERNAL_SERVER_ERROR);
          if (!message.isMissingNode()) reply(client, base, value.path("metadata").path("phone_number_id").asText(), message);
          return complete("ok");
        }));
    Http.get(system).newServerAt("127.0.0.1", port).bind(concat(bot, simulator.routes())).toCompletableFuture().get();
    System.out.println("phone page at " + base + "/phone");
    Thread.sleep(seconds * 1000);
    system.terminate();
  }

  /** Marks the message read, then answers: a menu, a list, a location request, a case number. */
  private static void reply(HttpClient client, String base, String phoneNumberId, JsonNode message) {
    String choice = message.path("interactive").path("button_reply").path("id")
        .asText(message.path("interactive").path("list_reply").path("id").asText(""));
    String content;
    if (message.path("type").asText().equals("text")) {
      content = "\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"header\":{\"type\":\"text\",\"text\":\"Demo City Seva\"},"
          + "\"body\":{\"text\":\"Namaste! \\ud83d\\ude4f How can we help you today?\\n\\nChoose *one* option below.\"},"
          + "\"footer\":{\"text\":\"Reply STOP to opt out\"},\"action\":{\"buttons\":["
          + "{\"type\":\"reply\",\"reply\":{\"id\":\"complaint\",\"title\":\"File a complaint\"}},"
          + "{\"type\":\"reply\",\"reply\":{\"id\":\"track\",\"title\":\"Track my case\"}},"
          + "{\"type\":\"reply\",\"reply\":{\"id\":\"lang\",\"title\":\"\\u0939\\u093f\\u0902\\u0926\\u0940\"}}]}}";
    } else if (choice.equals("complaint")) {
      content = "\"type\":\"interactive\",\"interactive\":{\"type\":\"list\",\"body\":{\"text\":\"What is the complaint about?\"},"
          + "\"action\":{\"button\":\"Categories\",\"sections\":[{\"title\":\"Civic\",\"rows\":["
          + "{\"id\":\"water\",\"title\":\"Water supply\",\"description\":\"No water, low pressure, leaks\"},"
          + "{\"id\":\"garbage\",\"title\":\"Garbage\",\"description\":\"Missed pickup, overflowing bins\"}]},"
          + "{\"title\":\"Roads\",\"rows\":[{\"id\":\"pothole\",\"title\":\"Potholes\"},{\"id\":\"light\",\"title\":\"Street lights\"}]}]}}";
    } else if (!choice.isEmpty()) {
      content = "\"type\":\"interactive\",\"interactive\":{\"type\":\"location_request_message\","
          + "\"body\":{\"text\":\"Please share the location of the problem.\"},\"action\":{\"name\":\"send_location\"}}";
    } else {
      content = "\"type\":\"text\",\"text\":{\"body\":\"Thank you. Your complaint *DC-2025-000123* is registered. We will update you here.\"}";
    }
    String to = message.path("from").asText();
    URI messages = URI.create(base + "/simulator/v23.0/" + phoneNumberId + "/messages");
    String read = "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + message.path("id").asText() + "\"}";
    String send = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + to + "\"," + content + "}";
    post(client, messages, read).thenCompose(r -> post(client, messages, send));
  }

  private static java.util.concurrent.CompletableFuture<HttpResponse<String>> post(HttpClient client, URI uri, String body) {
    return client.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
