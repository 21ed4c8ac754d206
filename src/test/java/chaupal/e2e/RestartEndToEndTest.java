package chaupal.e2e;

import static chaupal.e2e.Phone.offers;
import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole system stops and starts again on the same database: citizens keep their language and conversation. */
class RestartEndToEndTest {

  // Jhabua: hi and en, and "hi" shows the menu (on Samvad 24x7 it starts a question).
  static final String JHABUA = "100000000000003";
  static final String DELHI = "100000000000005";

  @Test
  void languageAndConversationSurviveARestartAndOldWebhooksStayHandled() throws Exception {
    try (Database db = TestDatabase.create("restart_e2e")) {
      SignedWebhook switchToEnglish;
      try (TestNode first = TestNode.start(db)) {
        Phone phone = new Phone(first, JHABUA, "919800000301");
        ConversationEndToEndTest.onboard(phone, "hi");
        // Switch to English and back to Hindi; keep the English webhook to replay after the restart.
        switchToEnglish = first.simulator().citizenWebhook(JHABUA, phone.citizen, new PhoneMessage.Text("english"));
        int n = phone.received().size();
        assertEquals(200, first.simulator().post(switchToEnglish).toCompletableFuture().get(30, TimeUnit.SECONDS));
        phone.awaitMessage(n, m -> m.interactiveType().equals("list") && Scripts.languageOf(m.text()).equals("en"), "English menu");
        n = phone.received().size();
        phone.send("hindi");
        phone.awaitMessage(n, m -> m.interactiveType().equals("list") && Scripts.languageOf(m.text()).equals("hi"), "Hindi menu");

        Phone other = new Phone(first, DELHI, "919800000302");
        ConversationEndToEndTest.onboard(other, "en");
      }

      try (TestNode second = TestNode.start(db)) {
        // Meta retries a webhook we had already acknowledged: it must change nothing.
        assertEquals(200, second.simulator().post(switchToEnglish).toCompletableFuture().get(30, TimeUnit.SECONDS));
        Phone phone = new Phone(second, JHABUA, "919800000301");
        phone.send("hi");
        ReceivedSend first = phone.awaitCount(1).get(0);
        assertEquals("list", first.interactiveType(), "a known citizen gets the menu again, no second privacy notice: " + Phone.texts(phone.received()));
        assertEquals("hi", Scripts.languageOf(first.text()), "still Hindi after the restart: " + first.text());
        assertTrue(phone.received().stream().noneMatch(m -> offers(m, "language:hi")), "no language question again");

        Phone other = new Phone(second, DELHI, "919800000302");
        other.send("menu");
        ReceivedSend menu = other.awaitCount(1).get(0);
        assertEquals("list", menu.interactiveType());
        assertEquals("en", Scripts.languageOf(menu.text()));
      }
    }
  }
}
