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
 * @param storedMedia free-form too: a file Chaupal stores (an official's photo), uploaded to Meta at send time (null if none;
 *     absent from rows written before it)
 */
public record MessageIntent(OutgoingContent freeForm, OutgoingContent.Template template, StoredMedia storedMedia) {

  public MessageIntent {
    if (freeForm == null && template == null && storedMedia == null) {
      throw new IllegalArgumentException("a message needs free-form content, a stored media or a template");
    }
    if (freeForm instanceof OutgoingContent.Template) throw new IllegalArgumentException("a template goes in template, not freeForm");
    if (freeForm != null && storedMedia != null) throw new IllegalArgumentException("a message is either free-form content or a stored media");
  }

  public MessageIntent(OutgoingContent freeForm, OutgoingContent.Template template) {
    this(freeForm, template, null);
  }

  /**
   * A file in Chaupal's media store, sent free-form as {@code kind} (image, document ...) with an optional caption.
   * The sender uploads it to the channel once and sends it by Meta's id while Meta keeps that (30 days).
   */
  public record StoredMedia(String kind, String storedMediaId, String caption) {
    public StoredMedia {
      if (storedMediaId == null || storedMediaId.isBlank()) throw new IllegalArgumentException("a stored media needs its id");
      // Meta's rules for the kind and the caption, checked now rather than at send time.
      new OutgoingContent.Media(kind, storedMediaId, null, caption, null);
    }

    /** The message to send once Meta holds the file under {@code metaMediaId}. */
    OutgoingContent.Media content(String metaMediaId) {
      return new OutgoingContent.Media(kind, metaMediaId, null, caption, null);
    }
  }

  /** Whether there is something to send inside the citizen's window. */
  boolean hasFreeForm() {
    return freeForm != null || storedMedia != null;
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

  /**
   * A stored file (an official's photo of the work done) sent free-form; outside the citizen's window it
   * waits, on {@link Lane#NOTIFICATION}, for their next message, as a photo cannot go as a template.
   */
  public static MessageIntent storedMedia(String kind, String storedMediaId, String caption) {
    return new MessageIntent(null, null, new StoredMedia(kind, storedMediaId, caption));
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
