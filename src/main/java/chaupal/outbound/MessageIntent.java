package chaupal.outbound;

import chaupal.tenancy.Channel;
import chaupal.whatsapp.OutgoingContent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What to send, decided when the event was written; the request is built at send time
 * ({@link ServiceWindow}). A free-form message is sent while the citizen's 24-hour window is
 * open, the template otherwise; with both, the window chooses. Stored as JSON in
 * {@code outbound_message.intent}: the field names must not change.
 *
 * @param freeForm any message shape but a template (null if none)
 * @param template an approved template with its parameters (null if none)
 */
public record MessageIntent(OutgoingContent freeForm, OutgoingContent.Template template) {

  public MessageIntent {
    if (freeForm == null && template == null) throw new IllegalArgumentException("a message needs free-form content or a template");
    if (freeForm instanceof OutgoingContent.Template) throw new IllegalArgumentException("a template goes in template, not freeForm");
  }

  private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store the message intent: " + e.getMessage(), e);
    }
  }

  static MessageIntent fromJson(String json) {
    try {
      return JSON.readValue(json, MessageIntent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable message intent in the outbox: " + e.getOriginalMessage(), e);
    }
  }

  public static MessageIntent freeForm(OutgoingContent content) {
    return new MessageIntent(content, null);
  }

  public static MessageIntent template(OutgoingContent.Template template) {
    return new MessageIntent(null, template);
  }

  /**
   * News for a citizen (send it on {@link Lane#NOTIFICATION}): {@code freeForm} inside their window,
   * the channel's approved {@code template} outside it, its body parameters taken by name from
   * {@code values} in the template's order. A blank value goes as "-", since Meta refuses empty ones.
   * Should Meta refuse the template, the message waits for the citizen's next message and goes free-form.
   */
  public static MessageIntent notification(OutgoingContent freeForm, Channel.Template template, Map<String, String> values) {
    List<String> parameters = new ArrayList<>();
    for (String name : template.parameters()) {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("template " + template.name() + " (" + template.languageCode() + ") needs the parameter "
            + name + "; given " + new TreeSet<>(values.keySet()));
      }
      String value = values.get(name);
      parameters.add(value == null || value.isBlank() ? "-" : value);
    }
    return new MessageIntent(freeForm, new OutgoingContent.Template(template.name(), template.languageCode(), parameters));
  }
}
