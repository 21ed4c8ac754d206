package chaupal.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.platform.Database;
import chaupal.platform.TestCluster;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.testing.TestClock;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Campaigns on real PostgreSQL: refusals at creation, pacing, the portfolio's day, officials' acts, a runner lost mid-campaign, figures. */
class CampaignsTest {

  static final Directory DIRECTORY = Directory.load(Path.of("project-config"));
  static final String CHANNEL = "100000000000001";
  static final int RATE = 80;
  static final Campaigns.Official ADMIN = new Campaigns.Official("admin", "punjab", List.of(), false);

  final TestClock clock = new TestClock();
  final FakeTemplates templates = new FakeTemplates()
      .put(CHANNEL, "city_event", "en", "MARKETING", "APPROVED", 1, null)
      .put(CHANNEL, "city_event", "hi", "MARKETING", "APPROVED", 1, null)
      .put(CHANNEL, "water_notice", "en", "UTILITY", "PAUSED", 0, null)
      .put(CHANNEL, "tax_reminder", "en", "UTILITY", "APPROVED", 1, null);
  final CountingDelivery delivery = new CountingDelivery();
  final ConsentRecording consents = (citizen, consent) -> java.util.concurrent.CompletableFuture.completedFuture(ConsentRecording.Outcome.RECORDED);
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  /** How long citizens wait on the runner's node, as the ingress would say. */
  volatile long citizensWaitingNanos;
  Database db;
  ActorTestKit node;

  void start(TestInfo info, BroadcastSettings settings) {
    db = TestDatabase.create(info.getTestMethod().orElseThrow().getName());
    node = startNode(settings);
  }

  ActorTestKit startNode(BroadcastSettings settings) {
    ActorTestKit kit = TestCluster.start("campaigns", TestDatabase.akkaConfig(db, ConfigFactory.empty()));
    Campaigns.init(kit.system(), db.dataSource(), DIRECTORY, templates, delivery, consents, clock, settings,
        () -> citizensWaitingNanos, metrics);
    return kit;
  }

  static BroadcastSettings fast() {
    return new BroadcastSettings(Map.of("MARKETING", new BigDecimal("0.86"), "UTILITY", new BigDecimal("0.12")), 0, List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(2), 10);
  }

  @AfterEach
  void stop() {
    if (node != null) node.shutdownTestKit();
    if (db != null) db.close();
  }

  Campaigns campaigns() {
    return Campaigns.of(node.system()).orElseThrow();
  }

  /** {@code n} subscribers of a topic in Phagwara ward 3, English, numbered from 919800010001. */
  void subscribers(String topic, int n) {
    exec("INSERT INTO broadcast_subscription (channel_id, citizen_id, topic, tenant, language, ulb, ward, subscribed_at, source, "
        + "last_request) SELECT ?, '91980001' || lpad(g::text, 4, '0'), ?, 'punjab', 'en', 'pb.phagwara', 3, now(), 'chat', "
        + "'seed-' || g FROM generate_series(1, ?) g", CHANNEL, topic, n);
  }

  void exec(String sql, Object... params) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Campaigns.Plan plan(String template, String topic) {
    return new Campaigns.Plan(template, List.of("en"), Map.of(), List.of(Campaign.Parameter.of("ulb_name")), null, null,
        new Campaign.Audience(null, null, null, List.of(topic), null), null);
  }

  Campaign scheduled(Campaigns.Plan plan) {
    Campaign x = await(campaigns().create(ADMIN, plan));
    return await(campaigns().schedule(ADMIN, x.id(), null));
  }

  /** A node with {@code n} subscribers of city events and a campaign to them, scheduled now. */
  Campaign running(TestInfo info, int n) {
    start(info, fast());
    subscribers("city-events", n);
    return scheduled(plan("city_event", "city-events"));
  }

  Campaign.State state(long id) {
    return await(campaigns().get(ADMIN, id)).campaign().state();
  }

  Campaigns.Refused refusal(Campaigns.Plan plan) {
    try {
      await(campaigns().create(ADMIN, plan));
    } catch (Campaigns.Refused r) {
      return r;
    }
    throw new AssertionError("created, but should have been refused: " + plan);
  }

  @Test
  void aCampaignThatWouldFailForEveryoneIsRefusedAtCreationWithTheReason(TestInfo info) {
    start(info, fast());
    subscribers("city-events", 3);
    Campaigns.Refused paused = refusal(new Campaigns.Plan("water_notice", List.of("en"), Map.of(), List.of(), null, null,
        new Campaign.Audience(null, null, null, List.of("city-events"), null), null));
    assertEquals("template_name", paused.field());
    assertTrue(paused.getMessage().contains("PAUSED"), paused.getMessage());
    Campaigns.Refused noVariant = refusal(new Campaigns.Plan("city_event", List.of("pa"), Map.of(), List.of(Campaign.Parameter.fixed("x")),
        null, null, new Campaign.Audience(null, null, null, List.of("city-events"), null), null));
    assertTrue(noVariant.getMessage().contains("no pa variant"), noVariant.getMessage());
    Campaigns.Refused mismatch = refusal(new Campaigns.Plan("city_event", List.of("en"), Map.of(),
        List.of(Campaign.Parameter.fixed("a"), Campaign.Parameter.fixed("b")), null, null,
        new Campaign.Audience(null, null, null, List.of("city-events"), null), null));
    assertEquals("parameters", mismatch.field());
    assertTrue(mismatch.getMessage().contains("has 1 body parameters; the campaign gives 2"), mismatch.getMessage());
    Campaigns.Refused empty = refusal(plan("city_event", "health-camps"));
    assertEquals("audience", empty.field());
    assertTrue(empty.getMessage().contains("no subscribers"), empty.getMessage());
    Campaign ok = await(campaigns().create(ADMIN, plan("city_event", "city-events")));
    assertEquals(Campaign.State.DRAFT, ok.state());
    Campaigns.Estimate estimate = await(campaigns().estimate(ADMIN, ok.id()));
    assertEquals(3, estimate.audience());
    assertEquals(0, new BigDecimal("2.58").compareTo(estimate.costInr()), estimate.toString());
  }

  @Test
  void aMarketingTemplateToAUtilityTopicIsRefusedAtCreation(TestInfo info) {
    // property-tax-reminders is a utility topic in project-config: a citizen's STOP leaves it, so marketing there would follow a STOP.
    start(info, fast());
    subscribers("property-tax-reminders", 3);
    Campaigns.Refused refused = refusal(plan("city_event", "property-tax-reminders"));
    assertEquals("audience.topics", refused.field());
    assertTrue(refused.getMessage().contains("utility topic"), refused.getMessage());
    assertEquals(Campaign.State.DRAFT, await(campaigns().create(ADMIN, plan("tax_reminder", "property-tax-reminders"))).state());
  }

  @Test
  void aUtilityCampaignAsksEachCitizenForTheTopicsConsentToo(TestInfo info) {
    // The entity checks the topic it is given: without it, a citizen who withdrew the topic after the snapshot still got the message.
    start(info, fast());
    subscribers("property-tax-reminders", 3);
    Campaign x = scheduled(plan("tax_reminder", "property-tax-reminders"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(3, delivery.messages.size());
    for (CampaignMessage m : delivery.messages) assertEquals("property-tax-reminders", m.topic(), m.toString());
  }

  @Test
  void progressCountsTheRecipientsHandedOverAndTheRunningCampaigns(TestInfo info) {
    // 200 at the channel's 80 a second: running for over two seconds, long enough to be seen.
    Campaign x = running(info, 200);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metrics.get("chaupal.campaigns.active").tag("state", "running")
        .gauge().value() == 1.0);
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(200.0, metrics.get("chaupal.campaign.recipients").tag("result", "queued").counter().count());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics.get("chaupal.campaigns.active").tag("state", "running")
        .gauge().value() == 0.0);
  }

  @Test
  void theDeliveryRateIsNeverAboveTheChannelsRateInAnySecond(TestInfo info) {
    int n = 400;
    Campaign x = running(info, n);
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(n, delivery.queuedOnce());
    int busiest = delivery.busiestSecond();
    assertTrue(busiest <= RATE, "the busiest second had " + busiest + " hand-overs; the channel's rate is " + RATE);
    assertTrue(busiest >= RATE / 2, "paced far below the rate: " + busiest);
    CampaignMessage m = delivery.messages.peek();
    assertEquals(List.of("Phagwara"), m.bodyParameters());
    assertEquals("city-events", m.topic());
  }

  @Test
  void whileCitizensWaitOnItsNodeTheCampaignSlowsToATwentiethOfItsPaceAndComesBackAfterwards(TestInfo info) {
    citizensWaitingNanos = Duration.ofSeconds(1).toNanos();
    int n = 300;
    Campaign x = running(info, n);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivery.totalCalls() > 0);
    long yielding = System.nanoTime() + Duration.ofMillis(500).toNanos(); // a few rounds to halve the share down
    Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    int busiest = delivery.busiestSecondSince(yielding);
    assertTrue(busiest <= RATE / 4, "while citizens waited the busiest second had " + busiest + " hand-overs (pace " + RATE + ")");
    assertTrue(busiest >= 1, "a yielding campaign still moves");
    assertEquals(0.05, metrics.get("chaupal.campaign.pace.share").gauge().value(), 0.001);

    citizensWaitingNanos = 0;
    long back = System.nanoTime() + Duration.ofSeconds(1).toNanos(); // twenty rounds of 50 ms to come back
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(n, delivery.queuedOnce());
    assertTrue(delivery.busiestSecondSince(back) >= RATE / 2, "back at the channel's pace: " + delivery.busiestSecondSince(back));
  }

  @Test
  void noMoreHandOversWaitForTheirCitizensAtOnceThanTheParallelismAllows(TestInfo info) {
    delivery.answerAfterMillis = 100;
    start(info, fast().withHandOvers(4, Duration.ZERO));
    subscribers("city-events", 60);
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(60, delivery.queuedOnce());
    assertEquals(4, delivery.mostUnanswered.get(), "hand-overs waiting at once");
  }

  @Test
  void thePortfoliosDailyLimitHoldsTheCampaignUntilTheRollingDayAllowsMore(TestInfo info) {
    start(info, fast().withPortfolios(250, List.of()));
    subscribers("city-events", 300);
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.HELD);
    Campaigns.Detail held = await(campaigns().get(ADMIN, x.id()));
    assertTrue(held.campaign().heldReason().contains("limit of 250 unique users"), held.campaign().heldReason());
    assertEquals(250, held.statistics().queued());
    assertEquals(250, delivery.queuedOnce());
    clock.advance(Duration.ofHours(23));
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> delivery.queuedOnce() == 250);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(300, delivery.queuedOnce());
  }

  /**
   * {@code n} messages Meta accepted an hour ago on the channel, in the notification lane, to citizens numbered
   * from {@code first}: as a template (a case's news outside the window) or free-form (a text inside it).
   */
  void sentAnHourAgo(String channel, long first, int n, boolean asTemplate) {
    java.time.Instant at = clock.instant().minus(Duration.ofHours(1));
    exec("INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, body, state, lane, "
        + "accepted_at, template_sent_at) SELECT 'news/' || ? || '/' || (? + g), 0, (? + g)::text, ?, (? + g)::text, '\\x00'::bytea, "
        + "'accepted', 1, ?, ? FROM generate_series(0, ? - 1) g",
        channel, first, first, channel, first, CampaignStore.time(at), asTemplate ? CampaignStore.time(at) : null, n);
  }

  @Test
  void notificationsSentAsTemplatesOutsideTheWindowTakePlacesInThePortfoliosDayButTextsInsideItDoNot(TestInfo info) {
    String elsewhere = "100000000000009";
    start(info, fast().withPortfolios(0, List.of(new BroadcastSettings.Portfolio("punjab", List.of(CHANNEL), 250))));
    subscribers("city-events", 300);
    sentAnHourAgo(CHANNEL, 919800020001L, 100, true);
    sentAnHourAgo(CHANNEL, 919800010001L, 1, true); // a subscriber: one user however many messages they get
    sentAnHourAgo(CHANNEL, 919800030001L, 50, false);
    sentAnHourAgo(elsewhere, 919800040001L, 80, true); // another portfolio's number
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.HELD);
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> delivery.queuedOnce() == 150);
    String reason = await(campaigns().get(ADMIN, x.id())).campaign().heldReason();
    assertTrue(reason.contains("limit of 250 unique users")
        && reason.contains(clock.instant().minus(Duration.ofHours(1)).plus(Duration.ofHours(24)).toString()), reason);

    clock.advance(Duration.ofHours(23).plusSeconds(1));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivery.queuedOnce() == 250); // the notifications' places
    clock.advance(Duration.ofHours(1));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(300, delivery.queuedOnce(), "a day after the campaign began the rest goes");
  }

  @Test
  void theOthersPortfolioCountsTemplatesOnChannelsOfNoPortfolioOnly(TestInfo info) {
    String named = "100000000000008";
    String unnamed = "100000000000009";
    start(info, fast().withPortfolios(250, List.of(new BroadcastSettings.Portfolio("elsewhere", List.of(named), 1000))));
    subscribers("city-events", 300);
    sentAnHourAgo(named, 919800020001L, 100, true);
    sentAnHourAgo(unnamed, 919800030001L, 40, true);
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(x.id()) == Campaign.State.HELD);
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> delivery.queuedOnce() == 210);
  }

  @Test
  void thePortfoliosDayReadsOnlyTheDaysTemplatesOfABigOutboxThroughItsIndex(TestInfo info) throws SQLException {
    db = TestDatabase.create(info.getTestMethod().orElseThrow().getName());
    java.time.Instant now = clock.instant();
    // 400,000 rows of a busy month: replies and news sent free-form, templates of the days before, 2,880 of the last day.
    exec("INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, body, state, lane, "
        + "accepted_at, template_sent_at) SELECT 'm/' || g, g % 8, (919800000000 + g % 50000)::text, '10000000000000' || (g % 4), "
        + "(919800000000 + g % 50000)::text, '\\x00'::bytea, 'accepted', g % 3, ?::timestamptz - g * interval '6 seconds', "
        + "CASE WHEN g % 5 = 0 THEN ?::timestamptz - g * interval '6 seconds' END FROM generate_series(1, 400000) g",
        CampaignStore.time(now), CampaignStore.time(now));
    exec("ANALYZE outbound_message");
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + CampaignStore.REACHED)) {
      CampaignStore.bindReached(c, ps, List.of(CHANNEL, "100000000000002"), false, now.minus(CampaignRunner.DAY));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
    }
    assertTrue(plan.toString().contains("Index Only Scan using outbound_message_template_sent_idx")
        && !plan.toString().contains("Seq Scan on outbound_message"), plan.toString());
  }

  @Test
  void aCitizenMetaRefusedAtItsPerUserMarketingLimitWaitsADayAndTheCampaignSaysWhy(TestInfo info) {
    start(info, fast());
    subscribers("city-events", 3);
    java.time.Instant refusedAt = clock.instant().minus(Duration.ofHours(1));
    exec("INSERT INTO outbound_delivery_status (wamid, status, status_rank, status_at, recipient, error_code) VALUES (?, 'failed', 9, ?, ?, ?)",
        "wamid.limited", CampaignStore.time(refusedAt), "919800010002", 131049);
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(x.id()) == Campaign.State.HELD);
    assertEquals(2, delivery.queuedOnce(), "the others at once");
    assertTrue(!delivery.calls.containsKey("919800010002"), "not sent again within the day: " + delivery.calls.keySet());
    String reason = await(campaigns().get(ADMIN, x.id())).campaign().heldReason();
    assertTrue(reason.contains("131049") && reason.contains(refusedAt.plus(Duration.ofHours(24)).toString()), reason);

    clock.advance(Duration.ofHours(24));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(3, delivery.queuedOnce(), "a day later it goes, nobody skipped");
  }

  @Test
  void pauseResumeAndCancelTakeEffectWithinASecond(TestInfo info) {
    Campaign x = running(info, 600);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivery.queuedOnce() > 50);
    await(campaigns().pause(ADMIN, x.id()));
    Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
    int atPause = delivery.calls.size();
    Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivery.calls.size() == atPause);
    assertEquals(Campaign.State.PAUSED, state(x.id()));
    await(campaigns().resume(ADMIN, x.id()));
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> delivery.calls.size() > atPause);
    await(campaigns().cancel(ADMIN, x.id()));
    Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
    int atCancel = delivery.calls.size();
    Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivery.calls.size() == atCancel);
    assertTrue(atCancel < 600, "cancelled before the end: " + atCancel);
    assertEquals(Campaign.State.CANCELLED, state(x.id()));
    Campaigns.Refused again = null;
    try {
      await(campaigns().resume(ADMIN, x.id()));
    } catch (Campaigns.Refused r) {
      again = r;
    }
    assertTrue(again != null && again.reason() == Campaigns.Refused.Reason.ILLEGAL, "a cancelled campaign cannot be resumed");
  }

  @Test
  void aTemplatePausedAtMetaHoldsItsCampaignWithTheReasonUntilItIsApprovedAgain(TestInfo info) {
    Campaign x = running(info, 400);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivery.calls.size() > 50);
    templates.put(CHANNEL, "city_event", "en", "MARKETING", "PAUSED", 1, null);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state(x.id()) == Campaign.State.HELD);
    assertTrue(await(campaigns().get(ADMIN, x.id())).campaign().heldReason().contains("is PAUSED at Meta"));
    int held = delivery.calls.size();
    Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> delivery.calls.size() == held);
    templates.put(CHANNEL, "city_event", "en", "MARKETING", "APPROVED", 1, null);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(400, delivery.queuedOnce());
  }

  @Test
  void aRunnerStoppedMidCampaignIsReplacedAndEverySubscriberGetsItExactlyOnce(TestInfo info) {
    int n = 500;
    delivery.answerAfterMillis = 3_000;
    Campaign x = running(info, n);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivery.calls.size() > 100);
    // Lost while a batch is handed over and not yet recorded: those are handed over again.
    delivery.loseAnswers = true;
    node.shutdownTestKit();
    int beforeStop = delivery.calls.size();
    assertTrue(beforeStop < n, "stopped mid-campaign: " + beforeStop);
    // The new node's entities answer at once; the lost answers stay lost.
    delivery.answerAfterMillis = 0;
    node = startNode(fast());
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    assertEquals(n, delivery.queued.size(), "every subscriber queued");
    assertTrue(delivery.queued.values().stream().allMatch(c -> c.get() >= 1));
    assertEquals(n, delivery.messages.size(), "each subscriber's message queued once, repeats answered ALREADY_QUEUED");
    assertTrue(delivery.totalCalls() > n, "the new runner handed over again what the stopped one had not recorded");
    CampaignStatistics s = await(campaigns().get(ADMIN, x.id())).statistics();
    assertEquals(n, s.queued());
    assertEquals(0, s.pending());
  }

  @Test
  void theStatisticsCountTheOutboxAndMetasStatusesOfTheCampaignsMessages(TestInfo info) {
    start(info, fast());
    subscribers("city-events", 6);
    delivery.unsubscribed.add("919800010006");
    Campaign x = scheduled(plan("city_event", "city-events"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> state(x.id()) == Campaign.State.FINISHED);
    String[] statuses = {"sent", "delivered", "read", "failed", null};
    for (int i = 0; i < statuses.length; i++) {
      String citizen = "91980001000" + (i + 1);
      String wamid = "wamid.test" + i;
      exec("INSERT INTO outbound_message (message_key, partition_no, ordering_key, phone_number_id, recipient, body, state, wamid, lane) "
          + "VALUES (?, 0, ?, ?, ?, '\\x00'::bytea, ?, ?, 2)", CampaignMessage.outboxKey(x.key(), citizen), citizen, CHANNEL, citizen,
          statuses[i] == null ? "pending" : "accepted", statuses[i] == null ? null : wamid);
      if (statuses[i] != null) {
        exec("INSERT INTO outbound_delivery_status (wamid, status, status_rank, status_at, recipient, error_code) VALUES (?, ?, ?, now(), ?, ?)",
            wamid, statuses[i], i, citizen, "failed".equals(statuses[i]) ? 131049 : null);
      }
    }
    exec("UPDATE broadcast_subscription SET ended_at = now() + interval '1 hour', end_reason = 'stop-word' WHERE citizen_id = '919800010002'");
    CampaignStatistics s = await(campaigns().get(ADMIN, x.id())).statistics();
    assertEquals(6, s.audience());
    assertEquals(5, s.queued());
    assertEquals(1, s.notSubscribed());
    assertEquals(3, s.sent(), "sent, delivered and read");
    assertEquals(2, s.delivered());
    assertEquals(1, s.read());
    assertEquals(Map.of("131049", 1L), s.failedByCode());
    assertEquals(1, s.optedOut());
    assertEquals(0, new BigDecimal("1.72").compareTo(s.costInr()), "the delivered and the read one at 0.86; the sent one is not billed: " + s.costInr());
    String csv = report(x.id());
    assertEquals(7, csv.split("\n").length, csv);
    assertTrue(csv.contains("919800010004,100000000000001,en,pb.phagwara,3,queued,1,accepted,failed,131049,"), csv);
    try (Connection c = db.dataSource().getConnection()) {
      new CampaignForgetting().forgetCitizens(c, List.of("919800010004"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    String forgotten = report(x.id());
    assertEquals(6, forgotten.split("\n").length, "a forgotten citizen leaves no line: " + forgotten);
  }

  private String report(long id) {
    return await(await(campaigns().report(ADMIN, id)).runFold(akka.util.ByteString.emptyByteString(),
        akka.util.ByteString::concat, node.system())).utf8String();
  }
}
