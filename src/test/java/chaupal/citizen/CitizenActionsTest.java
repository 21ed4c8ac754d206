package chaupal.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import chaupal.conversation.Action;
import chaupal.conversation.ComplaintFlow;
import chaupal.conversation.ConversationState;
import chaupal.tenancy.Directory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actions a turn decides land in the persisted event, serialize, and old events still read. */
class CitizenActionsTest {

  static final String PUNJAB = CitizenTest.PUNJAB;
  static final String DESCRIPTION = "The street light near the school is broken";

  static ActorTestKit testKit;
  static EventSourcedBehaviorTestKit<Citizen.Command, Citizen.Event, Citizen.State> citizen;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
        .withFallback(ConfigFactory.load()));
    Directory directory = ComplaintFlow.directory(dir);
    citizen = EventSourcedBehaviorTestKit.create(testKit.system(),
        Citizen.create("919800010001", ComplaintFlow.engine(directory), directory, CitizenTest.SETTINGS));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static Citizen.MessageReceived receive(CitizenMessage m) {
    EventSourcedBehaviorTestKit.CommandResultWithReply<Citizen.Command, Citizen.Event, Citizen.State, StatusReply<Citizen.Receipt>> result =
        citizen.runCommand(replyTo -> new Citizen.Receive(m, 1_750_000_000_000L, replyTo));
    assertEquals(Citizen.Receipt.PERSISTED, result.reply().getValue());
    return result.eventOfType(Citizen.MessageReceived.class);
  }

  @Test
  void theActionsOfAFinishedFlowAreInTheEventAndADraftSurvivesARestart() throws Exception {
    receive(CitizenMessage.text("wamid.F0", PUNJAB, 1, "hi"));
    receive(CitizenMessage.choice("wamid.F1", PUNJAB, 2, "button_reply", "language:en", "English"));
    receive(CitizenMessage.choice("wamid.F2", PUNJAB, 3, "list_reply", "menu:complaint", "Test complaint"));
    Citizen.MessageReceived described = receive(CitizenMessage.text("wamid.F3", PUNJAB, 4, DESCRIPTION));
    assertEquals(List.of(), described.actions());
    assertEquals(Map.of("description", DESCRIPTION), described.conversation().answers());

    citizen.restart();
    assertEquals(Map.of("description", DESCRIPTION), citizen.getState().conversationOn(PUNJAB).answers(), "draft replayed");
    receive(CitizenMessage.location("wamid.F4", PUNJAB, 5, 30.9, 75.85, "Ward 4", null));
    Citizen.MessageReceived filed = receive(CitizenMessage.choice("wamid.F5", PUNJAB, 6, "button_reply", "complaint.confirm:file", "File it"));

    Action fileCase = new Action.FileCase(ComplaintFlow.ID,
        Map.of("description", DESCRIPTION, "place", "30.9,75.85", "confirm", "file"));
    assertEquals(List.of(fileCase), filed.actions());
    assertFalse(filed.replies().isEmpty());
    assertEquals(new ConversationState(ConversationState.STAGE_MENU, "en", true), filed.conversation());
    assertEquals(filed, roundTrip(filed), "the action survives the journal's serializer");
  }

  @Test
  void anEventWrittenBeforeActionsExistedStillReads() throws Exception {
    Citizen.MessageReceived now = new Citizen.MessageReceived(CitizenMessage.text("wamid.O1", PUNJAB, 1, "hi"), 5L,
        new ConversationState(ConversationState.STAGE_MENU, "pa", true), List.of(), List.of());
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode old = cbor.valueToTree(now);
    old.remove("actions");
    byte[] bytes = cbor.writeValueAsBytes(old);
    String written = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String field : List.of("actions", "flow", "answers")) assertFalse(written.contains(field), "old shape has no " + field);

    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(now);
    Citizen.MessageReceived read = (Citizen.MessageReceived) serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, now)).get();
    assertEquals(now, read);
    assertTrue(read.actions().isEmpty());
  }

  static Object roundTrip(Object event) {
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(event);
    byte[] bytes = serialization.serialize(event).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, event)).get();
  }
}
