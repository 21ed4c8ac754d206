package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.conversation.Stage.Check;
import chaupal.conversation.Stage.InputKind;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow mechanism on {@link ComplaintFlow}, a test flow shaped like the grievance flow to come.
 */
class ConversationFlowTest {

  static final String FLOW = ComplaintFlow.ID;
  static final Flow COMPLAINT = ComplaintFlow.FLOW;

  static Directory directory;
  static ConversationEngine engine;
  static Channel punjab;

  @BeforeAll
  static void load(@TempDir Path dir) throws IOException {
    directory = ComplaintFlow.directory(dir);
    engine = ComplaintFlow.engine(directory);
    punjab = directory.channel("100000000000001").orElseThrow();
  }

  static Turn step(ConversationState state, Input input) {
    Turn turn = engine.handle(punjab, state, null, input);
    for (Reply reply : turn.replies()) assertEquals(List.of(), reply.problems(), reply.toString());
    return turn;
  }

  static String text(String key) {
    return directory.catalog("en").text(key);
  }

  static String body(Reply reply) {
    if (reply instanceof Reply.TextReply t) return t.body();
    if (reply instanceof Reply.LocationRequestReply l) return l.body();
    if (reply instanceof Reply.ButtonsReply b) return b.body();
    return ((Reply.ListReply) reply).body();
  }

  static final ConversationState MENU = ConversationEngineTest.menuState("en");

  /** The citizen after tapping the test flow's menu row. */
  static Turn started() {
    return step(MENU, new Input.Choice("menu:complaint", "Test complaint"));
  }

  static final String DESCRIPTION = "The street light near the school is broken";

  @Test
  void aMenuRowStartsTheFlowAtItsFirstStage() {
    Turn turn = started();
    assertEquals(new ConversationState("description", "en", true, FLOW, Map.of()), turn.next());
    assertEquals(new Reply.TextReply(text("complaint.describe")), ConversationEngineTest.single(turn));
    assertEquals(turn, step(MENU, new Input.Text("file complaint")), "typed like tapped");
  }

  @Test
  void answersAreKeptAcrossTurnsAndTheLastStageFilesTheCase() {
    Turn described = step(started().next(), new Input.Text(DESCRIPTION));
    assertEquals(new ConversationState("place", "en", true, FLOW, Map.of("description", DESCRIPTION)), described.next());
    assertEquals(new Reply.LocationRequestReply(text("complaint.where")), ConversationEngineTest.single(described));
    assertEquals(List.of(), described.actions());

    Turn placed = step(described.next(), new Input.Location(30.9, 75.85, "Ward 4", null));
    Map<String, String> collected = Map.of("description", DESCRIPTION, "place", "30.9,75.85");
    assertEquals(new ConversationState("confirm", "en", true, FLOW, collected), placed.next());
    Reply.ButtonsReply summary = assertInstanceOf(Reply.ButtonsReply.class, ConversationEngineTest.single(placed));
    assertEquals(directory.catalog("en").text("complaint.summary", collected), summary.body());
    assertEquals(List.of("complaint.confirm:file", "complaint.confirm:edit"),
        summary.options().stream().map(Reply.Option::id).toList());

    Turn filed = step(placed.next(), new Input.Choice("complaint.confirm:file", "File it"));
    assertEquals(MENU, filed.next(), "back at the menu, the draft gone from the state");
    assertEquals(List.of(new Action.FileCase(FLOW, Map.of("description", DESCRIPTION, "place", "30.9,75.85", "confirm", "file"))),
        filed.actions());
    assertInstanceOf(Reply.ListReply.class, ConversationEngineTest.single(filed));
    assertEquals(directory.catalog("en").text("complaint.filed", Map.of("description", DESCRIPTION)),
        body(ConversationEngineTest.single(filed)));
  }

  @Test
  void aStageTakesEveryKindItAccepts() {
    ConversationState atPlace = step(started().next(), new Input.Text(DESCRIPTION)).next();
    Turn typed = step(atPlace, new Input.Text("  Near Gurdwara, Model Town  "));
    assertEquals("Near Gurdwara, Model Town", typed.next().answers().get("place"));
    assertEquals("confirm", typed.next().stage());
  }

  @Test
  void whatFailsTheCheckOrIsNotTakenIsAskedAgainKeepingTheAnswers() {
    ConversationState atDescription = started().next();
    List<Input> unfit =
        List.of(new Input.Text("broken"), new Input.Text("   "), new Input.Media("image", "1", "image/jpeg", null),
            new Input.Location(30.9, 75.85, null, null), new Input.Other("sticker"), new Input.Choice("menu:gone", "Old"));
    for (Input input : unfit) {
      Turn turn = step(atDescription, input);
      assertEquals(atDescription, turn.next(), input.toString());
      assertEquals(text("complaint.too-short") + "\n\n" + text("complaint.describe"), body(ConversationEngineTest.single(turn)));
      assertEquals(List.of(), turn.actions());
    }
    ConversationState atConfirm = step(step(atDescription, new Input.Text(DESCRIPTION)).next(), new Input.Text("Model Town")).next();
    for (Input input : List.of(new Input.Text("yes please file it now"), new Input.Choice("complaint.confirm:maybe", "x"),
        new Input.Choice("other.confirm:file", "File it"), new Input.Choice(null, null))) {
      Turn turn = step(atConfirm, input);
      assertEquals(atConfirm, turn.next(), input.toString());
      assertTrue(body(ConversationEngineTest.single(turn)).startsWith(text("complaint.tap") + "\n\n"), input.toString());
      assertEquals(List.of(), turn.actions());
    }
  }

  @Test
  void aButtonBranches() {
    ConversationState atConfirm = step(step(started().next(), new Input.Text(DESCRIPTION)).next(), new Input.Text("Model Town")).next();
    Turn edit = step(atConfirm, new Input.Choice("complaint.confirm:edit", "Edit"));
    assertEquals("description", edit.next().stage());
    assertEquals("Model Town", edit.next().answers().get("place"), "answers kept while editing");
    assertEquals(List.of(), edit.actions());
    Turn again = step(edit.next(), new Input.Text("The street light is broken and sparking"));
    assertEquals("The street light is broken and sparking", again.next().answers().get("description"));
  }

  @Test
  void theRulesRunBeforeTheStageAndLeaveTheFlow() {
    ConversationState atPlace = step(started().next(), new Input.Text(DESCRIPTION)).next();
    Turn hello = step(atPlace, new Input.Text("hello"));
    assertEquals(MENU, hello.next());
    assertEquals(text("menu.welcome-back"), body(ConversationEngineTest.single(hello)));

    Turn hindi = step(atPlace, new Input.Text("हिंदी"));
    assertEquals(ConversationEngineTest.menuState("hi"), hindi.next());

    Turn help = step(atPlace, new Input.Choice("menu:help", "Help"));
    assertEquals(MENU, help.next());
    assertEquals(List.of(), help.actions());

    Turn language = step(atPlace, new Input.Text("change language"));
    assertEquals(new ConversationState(ConversationState.STAGE_LANGUAGE, "en", true), language.next());
  }

  @Test
  void aFlowOrStageFromANewerNodeReadsLikeTheMenu() {
    List<ConversationState> newer =
        List.of(new ConversationState("describe", "en", true, "grievance", Map.of("category", "streetlight")),
            new ConversationState("photos", "en", true, FLOW, Map.of("description", DESCRIPTION)));
    for (ConversationState state : newer) {
      Turn turn = step(state, new Input.Text(DESCRIPTION));
      assertEquals(MENU, turn.next(), state.toString());
      assertEquals(text("unknown.text"), body(ConversationEngineTest.single(turn)));
      assertEquals(List.of(), turn.actions());
    }
  }

  @Test
  void aFlowIsCheckedWhenBuilt() {
    Stage toNowhere = Stage.ask("a", new Prompt.Question("complaint.describe"), Set.of(InputKind.TEXT), Check.ANY,
        "complaint.tap", new Next.To("b"));
    assertThrows(IllegalArgumentException.class, () -> new Flow("x", List.of(toNowhere)));
    Stage halfBranched = Stage.ask("a",
        new Prompt.Buttons("complaint.summary", List.of(new Prompt.Button("file", "complaint.file"), new Prompt.Button("edit", "complaint.edit"))),
        Set.of(InputKind.CHOICE), Check.ANY, "complaint.tap", new Next.ByAnswer(Map.of("file", new Next.Finish("complaint.filed", null))));
    assertThrows(IllegalArgumentException.class, () -> new Flow("x", List.of(halfBranched)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new ConversationEngine(ConversationEngineTest.DIRECTORY, MainMenu.ENTRIES, List.of(COMPLAINT)));
    assertTrue(e.getMessage().contains("complaint.describe"), e.getMessage());
  }

  @Test
  void stateAndActionsKeepAStableJsonShape() throws Exception {
    ObjectMapper json = ReplyTest.JSON;
    ConversationState draft = new ConversationState("place", "pa", true, FLOW, Map.of("description", DESCRIPTION));
    assertEquals(draft, json.readValue(json.writeValueAsString(draft), ConversationState.class));
    assertEquals(new ConversationState("menu", "pa", true),
        json.readValue("{\"stage\":\"menu\",\"language\":\"pa\",\"privacyNoticeGiven\":true,\"flow\":null,\"answers\":null}",
            ConversationState.class));
    Action action = new Action.FileCase(FLOW, Map.of("description", DESCRIPTION));
    String written = json.writeValueAsString(action);
    assertTrue(written.startsWith("{\"type\":\"file-case\""), written);
    assertEquals(action, json.readValue(written, Action.class));
  }
}
