package chaupal.citizen;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import akka.stream.javadsl.Sink;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import chaupal.conversation.ConversationEngine;
import chaupal.conversation.ConversationState;
import chaupal.tenancy.Directory;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity alone, on the persistence test kit (which also serializes every command, event and state). */
class CitizenTest {

  static final String PUNJAB = "100000000000001";
  static final Citizen.Settings SETTINGS = new Citizen.Settings(Duration.ofDays(8).toMillis(), 4096, 100, 8);

  static ActorTestKit testKit;
  static Directory directory;
  static ConversationEngine engine;
  EventSourcedBehaviorTestKit<Citizen.Command, Citizen.Event, Citizen.State> citizen;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
        .withFallback(ConfigFactory.load()));
    directory = Directory.load(Path.of("project-config"));
    engine = new ConversationEngine(directory);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    citizen = EventSourcedBehaviorTestKit.create(testKit.system(),
        Citizen.create("919800000501", engine, directory, SETTINGS));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Citizen.Command, Citizen.Event, Citizen.State, StatusReply<Citizen.Receipt>> receive(CitizenMessage m) {
    return receiveAt(m, 1_750_000_000_000L);
  }

  @Test
  void aNewMessageIsPersistedWithItsRepliesAndTagged() {
    var result = receive(CitizenMessage.text("wamid.A", PUNJAB, 1, "hi"));
    assertEquals(Citizen.Receipt.PERSISTED, result.reply().getValue());
    Citizen.MessageReceived event = result.eventOfType(Citizen.MessageReceived.class);
    assertFalse(event.replies().isEmpty());
    assertTrue(event.replies().stream().anyMatch(r -> r.kind().equals(QueuedReply.BUTTONS)), "language buttons");
    assertEquals(1, result.state().seen.size());
  }

  @Test
  void aRepeatedWamidIsAcknowledgedAndDoesNothingEvenAfterARestart() {
    receive(CitizenMessage.text("wamid.B", PUNJAB, 1, "hi"));
    var again = receive(CitizenMessage.text("wamid.B", PUNJAB, 1, "hi"));
    assertEquals(Citizen.Receipt.DUPLICATE, again.reply().getValue());
    assertTrue(again.hasNoEvents());
    citizen.restart();
    var afterRestart = receive(CitizenMessage.text("wamid.B", PUNJAB, 1, "hi"));
    assertEquals(Citizen.Receipt.DUPLICATE, afterRestart.reply().getValue());
    assertTrue(afterRestart.hasNoEvents());
  }

  @Test
  void theChosenLanguageIsRememberedAcrossRestartsAndCarriedToOtherChannels() {
    receive(CitizenMessage.text("wamid.C1", PUNJAB, 1, "hi"));
    receive(CitizenMessage.choice("wamid.C2", PUNJAB, 2, "button_reply", "language:pa", "ਪੰਜਾਬੀ"));
    citizen.restart();
    assertEquals("pa", citizen.getState().preferredLanguage);
    assertEquals("pa", citizen.getState().conversationOn(PUNJAB).language());
    var summary = citizen.runCommand(Citizen.GetSummary::new).reply();
    assertEquals("pa", summary.preferredLanguage());
    assertEquals(2, summary.rememberedMessages());
  }

  @Test
  void aCaptionlessPhotoAskedAboutIsKeptAcrossARestartAndGoesWithTheComplaint() {
    receive(CitizenMessage.text("wamid.P1", PUNJAB, 1, "hi"));
    receive(CitizenMessage.choice("wamid.P2", PUNJAB, 2, "button_reply", "language:hi", "हिंदी"));
    var asked = receive(CitizenMessage.media("wamid.P3", PUNJAB, 3, "image", "3003383421387256", "image/jpeg", null));
    assertTrue(asked.eventOfType(Citizen.MessageReceived.class).replies().stream().anyMatch(r -> r.kind().equals(QueuedReply.BUTTONS)));
    citizen.restart();
    var state = citizen.getState().conversationOn(PUNJAB);
    assertEquals(ConversationState.STAGE_MEDIA_QUESTION, state.stage());
    assertEquals("image|3003383421387256|image/jpeg", state.answers().get("attachments"));
    receive(CitizenMessage.choice("wamid.P4", PUNJAB, 4, "button_reply", "main.media-question:report", "समस्या बताएँ"));
    var reporting = citizen.getState().conversationOn(PUNJAB);
    assertEquals("grievance", reporting.flow());
    assertEquals("image|3003383421387256|image/jpeg", reporting.answers().get("attachments"), "the photo goes with the complaint");
  }

  @Test
  void aMessageForAChannelNoLongerServedIsKeptButNotAnswered() {
    var result = receive(CitizenMessage.text("wamid.D", "999999999999999", 1, "hi"));
    assertEquals(Citizen.Receipt.PERSISTED, result.reply().getValue());
    assertTrue(result.eventOfType(Citizen.MessageReceived.class).replies().isEmpty());
  }

  @Test
  void everyEventCarriesTheCitizensSliceTagEvenWithoutReplies() throws Exception {
    receive(CitizenMessage.text("wamid.T1", PUNJAB, 1, "hi"));
    receive(CitizenMessage.text("wamid.T2", "999999999999999", 2, "hi")); // no reply: a read model still needs it
    PersistenceTestKitReadJournal journal = PersistenceQuery.get(testKit.system())
        .getReadJournalFor(PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
    List<String> wamids = journal.currentEventsByTag(Citizen.sliceTag("919800000501", 8), Offset.noOffset())
        .map(e -> ((Citizen.MessageReceived) e.event()).message().wamid())
        .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(List.of("wamid.T1", "wamid.T2"), wamids);
  }

  @Test
  void everyKindOfInputIsAnswered() {
    receive(CitizenMessage.text("wamid.E0", PUNJAB, 1, "hi"));
    receive(CitizenMessage.choice("wamid.E1", PUNJAB, 1, "button_reply", "language:en", "English"));
    CitizenMessage[] inputs = {
        CitizenMessage.location("wamid.E2", PUNJAB, 2, 30.9, 75.8, "Ward 4", null),
        CitizenMessage.media("wamid.E3", PUNJAB, 3, "image", "123", "image/jpeg", null),
        CitizenMessage.other("wamid.E4", PUNJAB, 4, "sticker"),
        CitizenMessage.choice("wamid.E5", PUNJAB, 5, "list_reply", "menu:no-such-entry", "Old"),
        CitizenMessage.text("wamid.E6", PUNJAB, 6, "zzqq"),
    };
    for (CitizenMessage in : inputs) {
      assertFalse(receive(in).eventOfType(Citizen.MessageReceived.class).replies().isEmpty(), in.kind() + " answered");
    }
  }

  @Test
  void sliceTagIsStableAndWithinRange() {
    assertEquals(Citizen.sliceTag("919800000501", 8), Citizen.sliceTag("919800000501", 8));
    for (int i = 0; i < 100; i++) {
      String tag = Citizen.sliceTag("9198000" + i, 8);
      int n = Integer.parseInt(tag.substring("citizen-".length()));
      assertTrue(n >= 0 && n < 8);
    }
  }

  @Test
  void fiftyMessagesInASecondAreAllKeptWithOneNoticeAndThenThePauseIsAnswered() {
    long start = 1_750_000_000_000L;
    receiveAt(CitizenMessage.text("wamid.F0", PUNJAB, 1, "hi"), start - 60_000);
    receiveAt(CitizenMessage.choice("wamid.F1", PUNJAB, 1, "button_reply", "language:pa", "ਪੰਜਾਬੀ"), start - 59_000);
    String notice = directory.catalog("pa").text("flood.notice");
    List<Citizen.MessageReceived> flood = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      var result = receiveAt(CitizenMessage.text("wamid.F-" + i, PUNJAB, 2, "hello " + i), start + i * 20L);
      assertEquals(Citizen.Receipt.PERSISTED, result.reply().getValue(), "message " + i + " is acknowledged");
      flood.add(result.eventOfType(Citizen.MessageReceived.class));
    }
    assertEquals(52, citizen.getState().seen.size(), "every message is in the journal");
    List<Integer> told = new java.util.ArrayList<>();
    for (int i = 0; i < flood.size(); i++) {
      if (flood.get(i).replies().stream().anyMatch(r -> notice.equals(r.body()))) told.add(i);
    }
    assertEquals(List.of(20), told, "the first message over 20 in 2 s carries the one notice");
    assertTrue(flood.subList(0, 20).stream().noneMatch(m -> m.replies().isEmpty()), "the first 20 are answered");
    assertEquals(1, flood.get(20).replies().size());
    assertTrue(flood.subList(21, 50).stream().allMatch(m -> m.replies().isEmpty()), "the rest of the flood is held back");

    var afterPause = receiveAt(CitizenMessage.text("wamid.F-after", PUNJAB, 3, "hello"), start + 49 * 20L + 2_500);
    Citizen.MessageReceived answered = afterPause.eventOfType(Citizen.MessageReceived.class);
    assertFalse(answered.replies().isEmpty(), "after a pause the conversation answers again");
    assertTrue(answered.replies().stream().noneMatch(r -> notice.equals(r.body())));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Citizen.Command, Citizen.Event, Citizen.State, StatusReply<Citizen.Receipt>> receiveAt(
      CitizenMessage m, long atMillis) {
    return citizen.runCommand(replyTo -> new Citizen.Receive(m, atMillis, replyTo));
  }
}
