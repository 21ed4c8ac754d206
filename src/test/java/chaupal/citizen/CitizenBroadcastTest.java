package chaupal.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import chaupal.conversation.Action;
import chaupal.conversation.ConversationEngine;
import chaupal.tenancy.Directory;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A citizen's consents decide which campaign messages reach them; stops outside the chat end them;
 * a missed call records a consent; an official's question is answered by the citizen's next words.
 */
class CitizenBroadcastTest {

  static final String PUNJAB = CitizenTest.PUNJAB;
  static final Citizen.TemplateMessage SCHEME = new Citizen.TemplateMessage("scheme_announcement", "en", List.of("PM Awas"));
  static ActorTestKit testKit;
  static Directory directory;
  static ConversationEngine engine;
  static final AtomicInteger citizens = new AtomicInteger();
  EventSourcedBehaviorTestKit<Citizen.Command, Citizen.Event, Citizen.State> citizen;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
        .withFallback(ConfigFactory.load()));
    directory = Directory.load(java.nio.file.Path.of(Directory.DEFAULT_CONFIG_DIR));
    engine = new ConversationEngine(directory);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    citizen = EventSourcedBehaviorTestKit.create(testKit.system(),
        Citizen.create("9198000100" + (10 + citizens.incrementAndGet()), engine, directory, CitizenTest.SETTINGS));
  }

  Citizen.CampaignReceipt deliver(String campaign, String topic) {
    return citizen.<StatusReply<Citizen.CampaignReceipt>>runCommand(
        r -> new Citizen.DeliverCampaign(campaign, PUNJAB, topic, SCHEME, r)).reply().getValue();
  }

  List<Citizen.Event> missedCall(String callId, long at) {
    return citizen.<StatusReply<Done>>runCommand(
        r -> new Citizen.HearMissedCall(callId, PUNJAB, at, Duration.ofHours(1).toMillis(), r)).events();
  }

  List<Citizen.Event> preference(String key, boolean stop) {
    return citizen.<StatusReply<Done>>runCommand(
        r -> new Citizen.HearMarketingPreference(key, PUNJAB, stop, 1_000, "user-preferences", r)).events();
  }

  Citizen.MessageReceived receive(CitizenMessage m, long at) {
    return citizen.<StatusReply<Citizen.Receipt>>runCommand(r -> new Citizen.Receive(m, at, r)).eventOfType(Citizen.MessageReceived.class);
  }

  @Test
  void noCampaignMessageWithoutAConsentAndEachCampaignOnce() {
    assertTrue(citizen.<StatusReply<Citizen.CampaignReceipt>>runCommand(
        r -> new Citizen.DeliverCampaign("c0", PUNJAB, "water-supply", SCHEME, r)).hasNoEvents(),
        "nothing written for a citizen who never consented");

    missedCall("call-1", 1_000);
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("c1", Citizen.MISSED_CALL_TOPIC));
    assertEquals(Citizen.CampaignReceipt.ALREADY_QUEUED, deliver("c1", Citizen.MISSED_CALL_TOPIC));
    citizen.restart();
    assertEquals(Citizen.CampaignReceipt.ALREADY_QUEUED, deliver("c1", Citizen.MISSED_CALL_TOPIC), "remembered across a restart");
    assertEquals(Citizen.CampaignReceipt.NOT_SUBSCRIBED, deliver("c2", "water-supply"), "a consent is per topic");
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("u1", null), "a utility message needs no marketing consent");
  }

  /** The citizen consents to a marketing topic in the chat, tapping what the bot offers. */
  void subscribeInTheChat(String topic) {
    receive(CitizenMessage.text("wamid.S0", PUNJAB, 1, "hi"), 1_000);
    receive(CitizenMessage.choice("wamid.S1", PUNJAB, 2, "button_reply", "language:en", "English"), 1_000);
    Citizen.MessageReceived last = receive(CitizenMessage.choice("wamid.S2", PUNJAB, 3, "list_reply", "menu:updates", "x"), 1_000);
    last = receive(tapping(last, ":" + topic, "wamid.S3"), 1_000);
    last = receive(tapping(last, ":yes", "wamid.S4"), 1_000);
    assertTrue(last.actions().get(0) instanceof Action.Subscribe, last.actions().toString());
  }

  static CitizenMessage tapping(Citizen.MessageReceived last, String idEnd, String wamid) {
    QueuedReply reply = last.replies().get(last.replies().size() - 1);
    QueuedReply.Option option = reply.sections().stream().flatMap(s -> s.options().stream())
        .filter(o -> o.id().endsWith(idEnd)).findFirst().orElseThrow(() -> new AssertionError("no " + idEnd + " in " + reply));
    return CitizenMessage.choice(wamid, PUNJAB, 4, QueuedReply.LIST.equals(reply.kind()) ? "list_reply" : "button_reply",
        option.id(), option.title());
  }

  @Test
  void metasStopEndsEveryMarketingConsentAndResumeBringsBackOnlyWhatItEnded() {
    subscribeInTheChat("scheme-announcements");
    missedCall("call-1", 1_000);
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("c0", "scheme-announcements"));
    Citizen.PreferenceHeard stop = (Citizen.PreferenceHeard) preference("pref-1", true).get(0);
    assertEquals(List.of(new Action.Unsubscribe(null, "user-preferences")), stop.actions());
    assertEquals(Citizen.CampaignReceipt.NOT_SUBSCRIBED, deliver("c1", "scheme-announcements"));
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("c2", Citizen.MISSED_CALL_TOPIC), "not a marketing consent: it stays");

    assertTrue(preference("pref-1", true).isEmpty(), "the same preference event twice is heard once");
    preference("pref-2", false);
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("c3", "scheme-announcements"));
    assertTrue(citizen.getState().consents(PUNJAB, "scheme-announcements"));
  }

  @Test
  void metasStopAndResumeAreConfirmedAsTheTypedOnesAreOnlyWhenAConsentChanged() {
    subscribeInTheChat("scheme-announcements");
    List<Citizen.Event> stop = preference("pref-1", true);
    assertEquals(2, stop.size(), stop.toString());
    Citizen.NotificationQueued stopped = (Citizen.NotificationQueued) stop.get(1);
    assertEquals(PUNJAB, stopped.channelId());
    assertTrue(preference("pref-1", true).isEmpty(), "Meta's repeat of the event confirms nothing again");
    assertEquals(List.of(), ((Citizen.PreferenceHeard) preference("pref-2", true).get(0)).actions());
    assertTrue(preference("pref-2b", true).stream().noneMatch(e -> e instanceof Citizen.NotificationQueued),
        "a stop that ends nothing is not confirmed");

    Citizen.NotificationQueued resumed = (Citizen.NotificationQueued) preference("pref-3", false).get(1);
    assertEquals("Welcome back. You will get Government scheme announcements again. To stop, send STOP.", resumed.freeForm().body());
    Citizen.MessageReceived typed = receive(CitizenMessage.text("wamid.S9", PUNJAB, 9, "STOP"), 2_000);
    assertEquals(typed.replies().get(0).body(), stopped.freeForm().body(), "the words of the typed STOP (there with the menu)");
  }

  @Test
  void metasStopAndResumeGoAsTheConsentUpdateTemplateOutsideTheWindowInTheChatsWords() {
    subscribeInTheChat("scheme-announcements");
    Citizen.NotificationQueued stopped = (Citizen.NotificationQueued) preference("pref-1", true).get(1);
    String words = receiveStop(citizen).replies().get(0).body();
    assertEquals(new Citizen.TemplateMessage("chaupal_consent_update", "en",
        List.of("Government of Punjab", words.replaceAll("\\s+", " "))), stopped.template());
    assertEquals(words, stopped.freeForm().body(), "inside the window: the text, as today");

    Citizen.NotificationQueued resumed = (Citizen.NotificationQueued) preference("pref-2", false).get(1);
    assertEquals(List.of("Government of Punjab", resumed.freeForm().body()), resumed.template().parameters());
  }

  @Test
  void aChannelWithoutTheConsentUpdateTemplateKeepsTheTextThatWaitsAndIsNamedOnceAtStart() throws Exception {
    // Punjab's number loses its consent-update templates; the other numbers keep theirs.
    Directory without = shippedWith(conf -> {
      int others = conf.indexOf("100000000000002");
      return conf.substring(0, others).replaceAll("(?m)^.*purpose = consent-update.*\\n", "") + conf.substring(others);
    }, "channels.conf");
    citizen = EventSourcedBehaviorTestKit.create(testKit.system(),
        Citizen.create("919800010090", new ConversationEngine(without), without, CitizenTest.SETTINGS));
    subscribeInTheChat("scheme-announcements");
    Citizen.NotificationQueued stopped = (Citizen.NotificationQueued) preference("pref-1", true).get(1);
    assertNull(stopped.template(), "no template: the outbox keeps it until the citizen writes");
    assertTrue(stopped.freeForm().body().startsWith("You will no longer get announcements"), stopped.freeForm().body());

    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("consent-update-test");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    Citizen.warnOfChannelsWithoutConsentUpdate(without, log);
    Citizen.warnOfChannelsWithoutConsentUpdate(directory, log);
    assertEquals(1, lines.list.size(), lines.list.toString());
    assertEquals(ch.qos.logback.classic.Level.WARN, lines.list.get(0).getLevel());
    String line = lines.list.get(0).getFormattedMessage();
    assertTrue(line.contains("100000000000001 (Punjab mSewa (state-wide, all ULBs))") && !line.contains("100000000000002"), line);
  }

  @Test
  void metasStopIsConfirmedInExactlyTheTypedStopsWordsWhateverTheCatalogSays() throws Exception {
    // A catalog text may use any placeholder every text can use ({helpline} ...): both stops fill it alike.
    Directory helpline = shippedWith(conf -> conf.replaceFirst("(?m)^(  stopped = \"[^\"]*)\"", "$1 Helpline {helpline}.\""),
        "catalogs/en.conf", "catalogs/hi.conf", "catalogs/pa.conf");
    citizen = EventSourcedBehaviorTestKit.create(testKit.system(),
        Citizen.create("919800010091", new ConversationEngine(helpline), helpline, CitizenTest.SETTINGS));
    subscribeInTheChat("scheme-announcements");
    importConsent("water-supply-schedule", 1_500, "form-1");
    Citizen.NotificationQueued stopped = (Citizen.NotificationQueued) preference("pref-1", true).get(1);
    String typed = receiveStop(citizen).replies().get(0).body();
    assertTrue(typed.contains("Helpline ") && typed.contains("Water supply schedule"), typed);
    assertEquals(typed, stopped.freeForm().body());
  }

  /** The citizen types STOP; its reply's first message is the confirmation. */
  private Citizen.MessageReceived receiveStop(EventSourcedBehaviorTestKit<Citizen.Command, Citizen.Event, Citizen.State> who) {
    return who.<StatusReply<Citizen.Receipt>>runCommand(r -> new Citizen.Receive(
        CitizenMessage.text("wamid.STOP", PUNJAB, 9, "STOP"), 2_000, r)).eventOfType(Citizen.MessageReceived.class);
  }

  /** The shipped project-config, copied, with {@code files} edited. */
  private Directory shippedWith(java.util.function.UnaryOperator<String> edit, String... files) throws java.io.IOException {
    java.nio.file.Path from = java.nio.file.Path.of(Directory.DEFAULT_CONFIG_DIR);
    java.nio.file.Path to = java.nio.file.Files.createTempDirectory("consent-update");
    try (java.util.stream.Stream<java.nio.file.Path> tree = java.nio.file.Files.walk(from)) {
      for (java.nio.file.Path source : tree.toList()) {
        java.nio.file.Path target = to.resolve(from.relativize(source).toString());
        if (java.nio.file.Files.isDirectory(source)) java.nio.file.Files.createDirectories(target);
        else java.nio.file.Files.copy(source, target);
      }
    }
    for (String file : files) {
      java.nio.file.Path edited = to.resolve(file);
      java.nio.file.Files.writeString(edited, edit.apply(java.nio.file.Files.readString(edited)));
    }
    return Directory.load(to);
  }

  Citizen.ConsentReceipt importConsent(String topic, long at, String reference) {
    return citizen.<StatusReply<Citizen.ConsentReceipt>>runCommand(r -> new Citizen.ImportConsent(PUNJAB, topic, "hi", "pb.phagwara", 7,
        at, reference, "admin", r)).reply().getValue();
  }

  @Test
  void aWebFormsConsentIsRecordedOnceWithItsTimeAndNeverOverridesTheCitizensOwnStop() {
    assertEquals(Citizen.CampaignReceipt.NOT_SUBSCRIBED, deliver("w0", "scheme-announcements"));
    var recorded = citizen.<StatusReply<Citizen.ConsentReceipt>>runCommand(r -> new Citizen.ImportConsent(PUNJAB, "scheme-announcements",
        "hi", "pb.phagwara", 7, 5_000, "form-77", "admin", r));
    assertEquals(Citizen.ConsentReceipt.RECORDED, recorded.reply().getValue());
    Citizen.ConsentImported event = recorded.eventOfType(Citizen.ConsentImported.class);
    assertEquals(List.of(new Action.Subscribe("scheme-announcements", "web-form", "hi", "pb.phagwara", 7)), event.actions());
    assertEquals(5_000, event.atMillis(), "the consent's time is the form's");
    assertEquals("form-77", event.reference());
    assertEquals(Citizen.CampaignReceipt.QUEUED, deliver("w1", "scheme-announcements"));
    assertEquals(Citizen.ConsentReceipt.ALREADY_ACTIVE, importConsent("scheme-announcements", 6_000, "form-78"));
    assertEquals(1, citizen.getState().getConsents().get(PUNJAB).size(), "one consent, not two");

    preference("pref-w", true);
    assertEquals(Citizen.ConsentReceipt.ENDED_BY_CITIZEN, importConsent("scheme-announcements", 9_000, "form-79"));
    assertEquals(Citizen.CampaignReceipt.NOT_SUBSCRIBED, deliver("w2", "scheme-announcements"));
    assertEquals(Citizen.ConsentReceipt.RECORDED, importConsent("water-supply-schedule", 9_000, "form-80"), "another topic is another consent");
  }

  @Test
  void aMissedCallIsWelcomedOncePerQuietTime() {
    List<Citizen.Event> events = new java.util.ArrayList<>(missedCall("call-1", 1_000));
    assertTrue(missedCall("call-1", 2_000).isEmpty(), "a repeated call id is ignored");
    events.addAll(missedCall("call-2", 1_000 + Duration.ofMinutes(30).toMillis()));
    events.addAll(missedCall("call-3", 1_000 + Duration.ofHours(2).toMillis()));
    List<Citizen.MissedCallHeard> heard = events.stream().map(e -> (Citizen.MissedCallHeard) e).toList();
    assertTrue(heard.get(0).actions().contains(new Action.Subscribe(Citizen.MISSED_CALL_TOPIC, "missed-call", "en", null, null))
        || heard.get(0).actions().get(0) instanceof Action.Subscribe, "the consent's source is the missed call");
    assertTrue(heard.get(1).actions().isEmpty(), "within the quiet time: nothing sent, nothing recorded again");
    assertNull(heard.get(1).welcome());
    assertFalse(heard.get(2).actions().isEmpty());
  }

  @Test
  void theCitizensNextWordsAfterAnOfficialsQuestionAreTheAnswer() {
    receive(CitizenMessage.text("wamid.Q0", PUNJAB, 1, "hi"), 1_000);
    receive(CitizenMessage.choice("wamid.Q1", PUNJAB, 2, "button_reply", "language:en", "English"), 2_000);
    Citizen.CaseNews asked = new Citizen.CaseNews("JAL-26-000001", 3, "asked", "assigned", PUNJAB, "en", "streetlights", null,
        "JAL", "electrical", "Which pole number is it?", false, 3_000, 0);
    Citizen.CaseNoticed noticed = citizen.<StatusReply<Done>>runCommand(r -> new Citizen.HearOfCase(asked, r))
        .eventOfType(Citizen.CaseNoticed.class);
    assertTrue(noticed.reply().body().contains("Which pole number is it?"), noticed.reply().body());
    assertEquals("JAL-26-000001", citizen.getState().getAsked().get(PUNJAB));

    Citizen.MessageReceived answer = receive(CitizenMessage.text("wamid.Q2", PUNJAB, 4, "Pole 17, opposite the school"), 4_000);
    assertEquals(List.of(new Action.AnswerCase("JAL-26-000001", "Pole 17, opposite the school", List.of())), answer.actions());
    assertTrue(answer.replies().get(0).body().contains("JAL-26-000001"), answer.replies().get(0).body());
    assertNull(citizen.getState().getAsked().get(PUNJAB), "answered once");

    Citizen.MessageReceived later = receive(CitizenMessage.text("wamid.Q3", PUNJAB, 5, "menu"), 5_000);
    assertTrue(later.actions().isEmpty(), "the next message is not an answer again");
  }
}
