package chaupal.ingress;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.whatsapp.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole node on a real journal: senders no persistence id can hold once opened the journal's
 * circuit breaker, and every citizen not in memory got 503 for about a minute.
 */
class PoisonedWebhookTest {

  static Database db;
  static TestNode node;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("poisoned_webhooks");
    node = TestNode.start(db);
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  static CompletableFuture<HttpResponse<String>> post(String from, String wamid) {
    byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]},"
        + "\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    return http.sendAsync(HttpRequest.newBuilder(URI.create(node.url("/webhooks/whatsapp"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(body, WebhookSignature.secret(TestNode.APP_SECRET)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void poisonedSendersAreKeptAsideAndOtherCitizensAreStillAnswered() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> poisoned = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      poisoned.add(post("919876030000\\u0000", "wamid.NUL" + i));
      poisoned.add(post("91987603" + "0".repeat(250 + i), "wamid.LONG" + i));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> r : poisoned) answers.add(r.get(60, TimeUnit.SECONDS));
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> citizen = post("91980003000" + i, "wamid.CITIZEN" + i).get(60, TimeUnit.SECONDS);
      assertEquals(200, citizen.statusCode(), "a citizen not in memory: " + citizen.body());
    }
    for (HttpResponse<String> answer : answers) assertEquals(200, answer.statusCode(), "poisoned body: " + answer.body());
    try (var c = db.dataSource().getConnection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM unroutable_webhook")) {
      rs.next();
      assertEquals(12, rs.getInt(1));
    }
  }
}
