package chaupal.simulator.phone;

import chaupal.whatsapp.DeliveryStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message a business sent to a citizen through the simulated Cloud API: the wamid it was given, the
 * request body as received, and the last status the simulator reported for it (empty before {@code sent}).
 */
public record ReceivedSend(
    String wamid, String phoneNumberId, String waId, String type, JsonNode body, Instant acceptedAt,
    Optional<DeliveryStatus> status) {

  /** A reply button or a list row the citizen can tap. */
  public record Choice(String id, String title, String description) {}

  /** What the citizen reads first: the text, the interactive body, a caption, or a template's name. */
  public String text() {
    JsonNode content = body.path(type);
    return switch (type) {
      case "text" -> content.path("body").asText("");
      case "interactive" -> content.path("body").path("text").asText("");
      case "template" -> content.path("name").asText("");
      case "location" -> content.path("name").asText("");
      case "reaction" -> content.path("emoji").asText("");
      default -> content.path("caption").asText("");
    };
  }

  /** The interactive type ({@code button}, {@code list}, …), or empty for other messages. */
  public String interactiveType() {
    return type.equals("interactive") ? body.path("interactive").path("type").asText("") : "";
  }

  /** The reply buttons or list rows of an interactive message, in order; empty otherwise. */
  public List<Choice> choices() {
    List<Choice> out = new ArrayList<>();
    JsonNode action = body.path("interactive").path("action");
    for (JsonNode button : action.path("buttons")) {
      JsonNode reply = button.path("reply");
      out.add(new Choice(reply.path("id").asText(), reply.path("title").asText(), ""));
    }
    for (JsonNode section : action.path("sections")) {
      for (JsonNode row : section.path("rows")) {
        out.add(new Choice(row.path("id").asText(), row.path("title").asText(), row.path("description").asText("")));
      }
    }
    return out;
  }

  public Optional<Choice> choice(String id) {
    return choices().stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
