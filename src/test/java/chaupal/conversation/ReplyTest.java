package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.conversation.Reply.ButtonsReply;
import chaupal.conversation.Reply.ListReply;
import chaupal.conversation.Reply.LocationRequestReply;
import chaupal.conversation.Reply.Option;
import chaupal.conversation.Reply.Section;
import chaupal.conversation.Reply.TextReply;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Cloud API limits as {@link Reply#problems()} checks them, and the JSON shapes kept in events. */
class ReplyTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void repliesAtTheLimitsHaveNoProblems() {
    assertEquals(List.of(), new TextReply("x".repeat(4096)).problems());
    assertEquals(List.of(), new ButtonsReply("h".repeat(60), "b".repeat(1024), "f".repeat(60), options(3, 20, null)).problems());
    List<Option> rows = options(10, 24, "d".repeat(72));
    ListReply list =
        new ListReply("h".repeat(60), "b".repeat(4096), "f".repeat(60), "l".repeat(20),
            List.of(new Section("s".repeat(24), rows.subList(0, 5)), new Section("t", rows.subList(5, 10))));
    assertEquals(List.of(), list.problems());
    assertEquals(List.of(), new LocationRequestReply("Please share your location").problems());
  }

  @Test
  void everyLimitBrokenIsNamed() {
    assertEquals(1, new TextReply("x".repeat(4097)).problems().size());
    assertEquals(1, new TextReply(" ").problems().size());
    assertEquals(
        List.of("has 4 buttons (1 to 3)"),
        new ButtonsReply(null, "body", null, options(4, 5, null)).problems());
    List<String> buttons = new ButtonsReply("h".repeat(61), "b".repeat(1025), "f".repeat(61), List.of(
        new Option("a", "भाषा चुनें, कृपया अभी", null), new Option("a", "x", "desc"))).problems();
    assertEquals(6, buttons.size(), buttons.toString());
    assertTrue(buttons.get(3).startsWith("button a title has 21 characters (at most 20)"), buttons.get(3));

    List<String> list = new ListReply(null, "body", null, "l".repeat(21), List.of(
        new Section(null, options(6, 25, "d".repeat(73))), new Section(null, options(5, 3, null)))).problems();
    assertTrue(list.contains("has 11 rows (at most 10)"), list.toString());
    assertTrue(list.stream().anyMatch(p -> p.startsWith("button label has 21")), list.toString());
    assertTrue(list.stream().anyMatch(p -> p.equals("section title is empty")), list.toString());
    assertTrue(list.stream().anyMatch(p -> p.startsWith("row o0 title has 25")), list.toString());
    assertTrue(list.stream().anyMatch(p -> p.startsWith("row o0 description has 73")), list.toString());
    assertTrue(list.stream().anyMatch(p -> p.equals("row o0 id is not unique")), list.toString());
  }

  @Test
  void repliesAndInputsKeepAStableJsonShape() throws Exception {
    List<Reply> replies =
        List.of(new TextReply("नमस्ते"), new ButtonsReply(null, "b", null, options(2, 5, null)),
            new ListReply("h", "b", null, "Menu", List.of(new Section("s", options(1, 5, "d")))),
            new LocationRequestReply("where?"));
    for (Reply reply : replies) assertEquals(reply, JSON.readValue(JSON.writeValueAsString(reply), Reply.class));
    assertEquals("{\"type\":\"text\",\"body\":\"hi\"}", JSON.writeValueAsString(new TextReply("hi")));

    List<Input> inputs =
        List.of(new Input.Text("hi"), new Input.Choice("menu:help", "Help"), new Input.Location(1.5, 2.5, null, "a"),
            new Input.Media("image", "1", "image/jpeg", null), new Input.Other("sticker"));
    for (Input input : inputs) assertEquals(input, JSON.readValue(JSON.writeValueAsString(input), Input.class));
  }

  @Test
  void theStateIsPlainDataThatSurvivesJson() throws Exception {
    assertEquals(
        "{\"stage\":\"new\",\"language\":null,\"privacyNoticeGiven\":false}",
        JSON.writeValueAsString(ConversationState.NEW));
    ConversationState menu = new ConversationState(ConversationState.STAGE_MENU, "pa", true);
    assertEquals(menu, JSON.readValue(JSON.writeValueAsString(menu), ConversationState.class));
    assertEquals(ConversationState.NEW, JSON.readValue("{\"privacyNoticeGiven\":false}", ConversationState.class));
  }

  static List<Option> options(int count, int titleLength, String description) {
    return IntStream.range(0, count)
        .mapToObj(i -> new Option("o" + i, ("t" + i + "x".repeat(titleLength)).substring(0, titleLength), description))
        .toList();
  }
}
