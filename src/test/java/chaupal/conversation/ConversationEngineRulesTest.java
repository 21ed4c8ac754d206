package chaupal.conversation;

import static chaupal.conversation.ConversationEngineTest.DIRECTORY;
import static chaupal.conversation.ConversationEngineTest.ENGINE;
import static chaupal.conversation.ConversationEngineTest.menuState;
import static chaupal.conversation.ConversationEngineTest.single;
import static chaupal.conversation.ConversationEngineTest.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules that hold beyond the shipped channels: catalogs and engine agree, odd channels, purity. */
class ConversationEngineRulesTest {

  static final Channel SAGAR = DIRECTORY.channel("100000000000004").orElseThrow();

  @Test
  void theCatalogsHoldExactlyTheKeysTheEngineUses() {
    // ... and the case part's notices to officials, the one other reader of the catalogs.
    java.util.Set<String> used = new java.util.TreeSet<>(ConversationEngine.catalogKeys());
    used.addAll(chaupal.cases.AssigneeNotice.TEXT_KEYS);
    assertEquals(used, DIRECTORY.catalog("en").keys());
  }

  @Test
  void theEngineRefusesCatalogsThatLackItsTexts() throws URISyntaxException {
    Directory minimal = Directory.load(Path.of(getClass().getResource("/tenancy/minimal").toURI()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ConversationEngine(minimal));
    assertTrue(e.getMessage().startsWith("catalogs/en.conf lacks keys the conversation uses: areas.item, "), e.getMessage());
  }

  @Test
  void aChannelWithOneLanguageNeedsNoChoiceAndOffersNoSwitch() {
    Channel hindiOnly = new Channel("100000000000099", "919800000099", "Sagar Hindi only", "sagar", List.of("hi"), 80);
    Turn first = step(hindiOnly, ConversationState.NEW, new Input.Text("namaste"));
    assertEquals(menuState("hi"), first.next());
    assertEquals(2, first.replies().size());
    Reply.ListReply menu = assertInstanceOf(Reply.ListReply.class, first.replies().get(1));
    assertEquals(DIRECTORY.catalog("hi").text("menu.welcome"), menu.body());
    assertTrue(menu.sections().get(0).rows().stream().noneMatch(r -> r.id().equals("menu:language")));

    Turn typed = step(hindiOnly, first.next(), new Input.Text("bhasha"));
    assertEquals(DIRECTORY.catalog("hi").text("unknown.text"), ((Reply.ListReply) single(typed)).body());
    Turn english = step(hindiOnly, first.next(), new Input.Text("english"));
    assertInstanceOf(Reply.ButtonsReply.class, single(english), "English is not offered here");
    assertEquals("hi", english.next().language());
  }

  @Test
  void aLanguageTheChannelNoLongerOffersIsAskedAgainWithoutASecondNotice() {
    Turn turn = step(SAGAR, menuState("pa"), new Input.Text("hello"));
    assertNull(turn.next().language());
    assertEquals(ConversationState.STAGE_LANGUAGE, turn.next().stage());
    assertInstanceOf(Reply.ButtonsReply.class, single(turn));
  }

  @Test
  void aNewCitizenWhoNamesALanguageGetsTheNoticeInItAndTheMenu() {
    Turn turn = step(SAGAR, ConversationState.NEW, new Input.Text("english please"));
    assertEquals(menuState("en"), turn.next());
    assertTrue(((Reply.TextReply) turn.replies().get(0)).body().contains("Sagar Municipal Corporation"));
    ConversationEngineTest.assertMenu(SAGAR, "en", turn.replies().get(1));
  }

  @Test
  void theSameInputInTheSameStateGivesTheSameTurn() {
    for (Input input : ConversationEngineTest.unclearInputs()) {
      assertEquals(ENGINE.handle(SAGAR, menuState("hi"), null, input), ENGINE.handle(SAGAR, menuState("hi"), null, input));
    }
  }

  @Test
  void aCitizensWholeFirstConversation() {
    Channel punjab = DIRECTORY.channel("100000000000001").orElseThrow();
    Turn hello = step(punjab, ConversationState.NEW, new Input.Text("Sat Sri Akal ji"));
    Turn chosen = step(punjab, hello.next(), new Input.Choice("language:pa", "ਪੰਜਾਬੀ"));
    Turn areas = step(punjab, chosen.next(), new Input.Choice("menu:areas", "ਸਾਡੇ ਖੇਤਰ"));
    String body = ((Reply.ListReply) single(areas)).body();
    assertTrue(body.contains("ਫਗਵਾੜਾ") && body.contains("ਜ਼ੀਰਕਪੁਰ"), body);
    Turn hindi = step(punjab, areas.next(), new Input.Text("हिंदी"));
    assertEquals(menuState("hi"), hindi.next());
    Turn again = step(punjab, hindi.next(), new Input.Text("hello"));
    assertEquals(DIRECTORY.catalog("hi").text("menu.welcome-back"), ((Reply.ListReply) single(again)).body());
  }
}
