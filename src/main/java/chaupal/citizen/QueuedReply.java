package chaupal.citizen;

import java.util.List;

/**
 * A reply the entity decided to send, as it is stored in the journal (the outbox reads it from
 * there). Flat on purpose: {@code kind} is text, buttons, list or location_request; buttons are
 * the options of a single untitled section.
 */
public record QueuedReply(String kind, String header, String body, String footer, String buttonLabel, List<Section> sections) {

  public static final String TEXT = "text";
  public static final String BUTTONS = "buttons";
  public static final String LIST = "list";
  public static final String LOCATION_REQUEST = "location_request";

  public QueuedReply {
    sections = sections == null ? List.of() : List.copyOf(sections);
  }

  public record Section(String title, List<Option> options) {
    public Section {
      options = options == null ? List.of() : List.copyOf(options);
    }
  }

  public record Option(String id, String title, String description) {}
}
