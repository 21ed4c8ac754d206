package chaupal.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One message the bot sent a citizen, as the simulator recorded it ({@code GET
 * /simulator/control/messages}: the Cloud API send body the server posted), reduced to what a
 * citizen reads and can tap.
 *
 * @param kind the send's {@code type}, or for an interactive message its {@code interactive.type}
 *     ({@code button}, {@code list}, {@code location_request_message}, ...)
 * @param raw the whole send body, where a case number may sit in a header, a row or a template parameter
 */
record BotMessage(String wamid, String kind, String text, List<Option> options, String raw) {

  /** A reply button or a list row: the citizen answers it with a button_reply or a list_reply. */
  record Option(String id, String title, boolean row) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  BotMessage {
    options = List.copyOf(options);
  }

  /** The messages of the simulator's answer {@code {"messages":[{"wamid","type","status","body"}]}}, oldest first. */
  static List<BotMessage> fromSimulator(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the simulator's messages are not JSON: " + e.getOriginalMessage(), e);
    }
    List<BotMessage> out = new ArrayList<>();
    for (JsonNode entry : root.path("messages")) {
      out.add(of(entry.path("wamid").asText(), entry.path("body")));
    }
    return out;
  }

  static BotMessage of(String wamid, JsonNode send) {
    String type = send.path("type").asText("");
    JsonNode content = send.path(type);
    List<Option> options = new ArrayList<>();
    JsonNode action = content.path("action");
    for (JsonNode button : action.path("buttons")) {
      JsonNode reply = button.path("reply");
      options.add(new Option(reply.path("id").asText(), reply.path("title").asText(), false));
    }
    for (JsonNode section : action.path("sections")) {
      for (JsonNode row : section.path("rows")) {
        options.add(new Option(row.path("id").asText(), row.path("title").asText(), true));
      }
    }
    String text = switch (type) {
      case "text" -> content.path("body").asText("");
      case "interactive" -> content.path("body").path("text").asText("");
      case "template" -> content.path("name").asText("");
      default -> content.path("caption").asText("");
    };
    String kind = type.equals("interactive") ? content.path("type").asText(type) : type;
    return new BotMessage(wamid, kind, text, options, send.toString());
  }
}
