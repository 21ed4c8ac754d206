package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import chaupal.CborSerializable;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire types travel inside Akka messages and events: they must survive Jackson CBOR unchanged. */
class WireTypesSerializationTest {

  record Carrier(WebhookPayload payload, OutgoingMessage outgoing) implements CborSerializable {}

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(ConfigFactory.parseString(
        "akka.actor.serialization-bindings { \"chaupal.CborSerializable\" = jackson-cbor }\n"
            + "akka.actor.serialize-messages = off"));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyInboundSampleRoundTrips() throws Exception {
    SerializationTestKit serialization = new SerializationTestKit(testKit.system());
    for (String name : List.of("text", "text-referral", "button-reply", "list-reply", "flow-reply", "template-button",
        "image", "document", "audio", "video", "sticker", "location", "contacts", "reaction", "reaction-removed",
        "unsupported", "system", "order", "value-errors", "status-sent", "status-delivered", "status-read",
        "status-failed-131049", "image-2026-bsuid", "bsuid-only", "several")) {
      WebhookPayload payload = WebhookParser.parse(WebhookParserTest.fixture(name));
      serialization.verifySerialization(new Carrier(payload, null), true);
    }
  }

  @Test
  void everyOutgoingShapeRoundTrips() {
    SerializationTestKit serialization = new SerializationTestKit(testKit.system());
    List<OutgoingContent> shapes = List.of(
        new OutgoingContent.Text("नमस्ते", true),
        new OutgoingContent.ReplyButtons("h", "b", "f", List.of(new OutgoingContent.Button("a", "A"))),
        new OutgoingContent.ListMessage(null, "b", null, "Open",
            List.of(new OutgoingContent.Section("s", List.of(new OutgoingContent.Row("r", "R", "d"))))),
        new OutgoingContent.LocationRequest("Where?"),
        new OutgoingContent.Template("case_update", "pa", List.of("GRV-1")),
        new OutgoingContent.Media("document", null, "https://example.org/c.pdf", "c", "c.pdf"));
    for (OutgoingContent content : shapes) {
      Carrier carrier = new Carrier(null, new OutgoingMessage("919800000001", content, "wamid.X"));
      assertEquals(carrier, serialization.verifySerialization(carrier, true));
    }
  }
}
