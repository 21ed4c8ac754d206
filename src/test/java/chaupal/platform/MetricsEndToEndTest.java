package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.broadcast.CampaignDelivery;
import chaupal.broadcast.Campaigns;
import chaupal.cases.CaseCommands;
import chaupal.cases.DeadlineWatch;
import chaupal.outbound.TemplateRegistry;
import chaupal.tenancy.Directory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node, one signed webhook, then {@code /metrics} as Prometheus scrapes it: every family the
 * operator's issue lists is there, and every metric the Grafana dashboard and the alert rules in
 * {@code deploy/observability/} name is one the node exports.
 */
class MetricsEndToEndTest {

  static final String CHANNEL = "100000000000001";
  static final String CITIZEN = "919800010071";
  static final Pattern METRIC = Pattern.compile("\\bchaupal_[a-z0-9_]+");

  /** The families of issue 14's "Observability", as sample names. */
  static final List<String> FAMILIES = List.of(
      "chaupal_webhook_responses_total",           // webhooks by result
      "chaupal_webhook_latency_seconds_bucket",    // webhook latency histogram
      "chaupal_entities_active",                   // active entities
      "chaupal_journal_write_seconds_bucket",      // journal write latency
      "chaupal_outbox_lag_seconds_bucket",         // outbox lag
      "chaupal_outbound_sends_total",              // sends by result and error code
      "chaupal_outbound_throttle_waits_total",     // throttling
      "chaupal_sla_overdue_cases",                 // SLA breaches
      "chaupal_sla_escalations_total",
      "chaupal_campaigns_active",                  // campaign progress
      "chaupal_campaign_recipients_total",
      "chaupal_cluster_members",                   // cluster members
      "chaupal_cluster_unreachable_members");      // unreachable nodes

  static Database db;
  static TestNode node;
  static String scrape;

  @BeforeAll
  static void oneWebhook() throws Exception {
    db = TestDatabase.create("metrics_end_to_end");
    node = TestNode.start(db);
    assertEquals(200, node.node.simulator().orElseThrow().sendText(CHANNEL, CITIZEN, "hi").toCompletableFuture().get(30, TimeUnit.SECONDS));
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        scrape = get("/metrics");
        return value(scrape, "chaupal_outbound_sends_total{code=\"none\",result=\"accepted\"}") >= 1
            && value(scrape, "chaupal_entities_active{type=\"citizen\"}") >= 1;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      fail("the reply was not counted as sent, or the citizen not as active: "
          + scrape.lines().filter(l -> l.startsWith("chaupal_outbound_sends") || l.startsWith("chaupal_entities")).toList());
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (db != null) db.close();
  }

  @Test
  void everyListedFamilyIsScrapedAfterOneWebhook() {
    Set<String> exported = samples(scrape);
    for (String family : FAMILIES) assertTrue(exported.contains(family), family + " is not exported; exported: " + exported);
    assertTrue(value(scrape, "chaupal_webhook_responses_total{status=\"200\"}") >= 1, "the message and its statuses: " + scrape);
    assertTrue(scrape.contains("chaupal_webhook_latency_seconds_bucket{le=\"0.25\"}"), "a bucket answers p99 < 250 ms");
    assertTrue(scrape.contains("chaupal_webhook_latency_seconds_bucket{le=\"0.5\"}"), "a bucket answers p99 < 500 ms");
    assertEquals(1, value(scrape, "chaupal_cluster_members{status=\"up\"}"), scrape);
    assertEquals(0, value(scrape, "chaupal_cluster_unreachable_members"), scrape);
    assertTrue(value(scrape, "chaupal_journal_write_seconds_count") >= 1, "the webhook's event was written");
  }

  @Test
  void theDashboardAndTheAlertRulesNameOnlyExportedMetrics() throws Exception {
    Set<String> exported = samples(scrape);
    Path dir = Path.of("deploy", "observability");
    JsonNode dashboard = new ObjectMapper().readTree(dir.resolve("grafana-dashboard.json").toFile());
    List<String> panelExprs = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    List<String> ruleExprs = Files.readAllLines(dir.resolve("alerts.yml")).stream()
        .map(String::trim).filter(l -> l.startsWith("expr:")).toList();
    assertTrue(panelExprs.size() >= FAMILIES.size() - 2, "a panel for every family: " + panelExprs);
    assertTrue(ruleExprs.size() >= 6, "the issue's alerts: " + ruleExprs);
    assertTrue(ruleExprs.stream().anyMatch(e -> e.contains("chaupal_campaigns_active{state=\"held\"}")),
        "an alert when a campaign waits on a paused template or the portfolio's limit: " + ruleExprs);
    assertTrue(scrape.contains("chaupal_campaigns_active{state=\"held\"}"), "the held campaigns' gauge is exported");

    Set<String> named = new TreeSet<>(names(panelExprs));
    named.addAll(names(ruleExprs));
    Set<String> unknown = named.stream().filter(n -> !exported.contains(n)).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), unknown, "named in deploy/observability but not exported");
    for (String family : FAMILIES) {
      assertTrue(names(panelExprs).contains(family) || names(panelExprs).contains(family.replaceAll("_bucket$", "_count")),
          "no dashboard panel shows " + family);
    }
  }

  private static Set<String> names(List<String> exprs) {
    Set<String> names = new TreeSet<>();
    for (String e : exprs) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) names.add(m.group());
    }
    return names;
  }

  /** The value of one sample (name and labels as scraped), or -1 when it is not there. */
  private static double value(String text, String sample) {
    return text.lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1)))
        .findFirst().orElse(-1);
  }

  /** The sample names of a Prometheus text scrape. */
  private static Set<String> samples(String text) {
    return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
