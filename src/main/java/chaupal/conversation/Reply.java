package chaupal.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A message to send to the citizen, independent of the wire format. The limits are the Cloud API's
 * (reference §5); {@link #problems()} lists every one a reply breaks, so tests can prove that no
 * catalog text in any language produces a message Meta would reject. Lengths are counted in UTF-16
 * units, never fewer than the characters a citizen sees.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Reply.TextReply.class, name = "text"),
  @JsonSubTypes.Type(value = Reply.ButtonsReply.class, name = "buttons"),
  @JsonSubTypes.Type(value = Reply.ListReply.class, name = "list"),
  @JsonSubTypes.Type(value = Reply.LocationRequestReply.class, name = "location_request")
})
public sealed interface Reply {

  int TEXT_BODY_MAX = 4096;
  int INTERACTIVE_BODY_MAX = 1024;
  int LIST_BODY_MAX = 4096;
  int HEADER_MAX = 60;
  int FOOTER_MAX = 60;
  int BUTTONS_MAX = 3;
  int BUTTON_TITLE_MAX = 20;
  int BUTTON_ID_MAX = 256;
  int LIST_BUTTON_LABEL_MAX = 20;
  int LIST_SECTIONS_MAX = 10;
  int LIST_ROWS_MAX = 10;
  int SECTION_TITLE_MAX = 24;
  int ROW_TITLE_MAX = 24;
  int ROW_DESCRIPTION_MAX = 72;
  int ROW_ID_MAX = 200;

  /** Every Cloud API limit this reply breaks, in words; empty when it can be sent. */
  List<String> problems();

  /** Plain text. */
  record TextReply(String body) implements Reply {
    @Override
    public List<String> problems() {
      return frame(null, body, TEXT_BODY_MAX, null);
    }
  }

  /** Up to three reply buttons under a body; header and footer may be null. */
  record ButtonsReply(String header, String body, String footer, List<Option> options) implements Reply {
    public ButtonsReply {
      options = List.copyOf(options);
    }

    @Override
    public List<String> problems() {
      List<String> problems = frame(header, body, INTERACTIVE_BODY_MAX, footer);
      if (options.isEmpty() || options.size() > BUTTONS_MAX) {
        problems.add("has " + options.size() + " buttons (1 to " + BUTTONS_MAX + ")");
      }
      Set<String> ids = new HashSet<>();
      for (Option option : options) {
        check(problems, "button", option, ids, BUTTON_ID_MAX, BUTTON_TITLE_MAX);
        if (option.description() != null) problems.add("button " + option.id() + " has a description (buttons have none)");
      }
      return problems;
    }
  }

  /** A list behind a button: up to 10 rows in all, in up to 10 sections; header and footer may be null. */
  record ListReply(String header, String body, String footer, String buttonLabel, List<Section> sections)
      implements Reply {
    public ListReply {
      sections = List.copyOf(sections);
    }

    @Override
    public List<String> problems() {
      List<String> problems = frame(header, body, LIST_BODY_MAX, footer);
      required(problems, "button label", buttonLabel, LIST_BUTTON_LABEL_MAX);
      if (sections.isEmpty() || sections.size() > LIST_SECTIONS_MAX) {
        problems.add("has " + sections.size() + " sections (1 to " + LIST_SECTIONS_MAX + ")");
      }
      int rows = 0;
      Set<String> ids = new HashSet<>();
      for (Section section : sections) {
        // Meta requires section titles once there is more than one section.
        if (sections.size() > 1) required(problems, "section title", section.title(), SECTION_TITLE_MAX);
        else optional(problems, "section title", section.title(), SECTION_TITLE_MAX);
        if (section.rows().isEmpty()) problems.add("section " + section.title() + " has no rows");
        for (Option row : section.rows()) {
          rows++;
          check(problems, "row", row, ids, ROW_ID_MAX, ROW_TITLE_MAX);
          optional(problems, "row " + row.id() + " description", row.description(), ROW_DESCRIPTION_MAX);
        }
      }
      if (rows > LIST_ROWS_MAX) problems.add("has " + rows + " rows (at most " + LIST_ROWS_MAX + ")");
      return problems;
    }
  }

  /** Asks the citizen to share their location with one tap; the answer arrives as {@link Input.Location}. */
  record LocationRequestReply(String body) implements Reply {
    @Override
    public List<String> problems() {
      return frame(null, body, INTERACTIVE_BODY_MAX, null);
    }
  }

  /** A reply button or a list row. {@code description} is null for buttons, optional for rows. */
  record Option(String id, String title, String description) {}

  /** A titled group of list rows. */
  record Section(String title, List<Option> rows) {
    public Section {
      rows = List.copyOf(rows);
    }
  }

  /** The text around an interactive message's buttons or list. */
  private static List<String> frame(String header, String body, int bodyMax, String footer) {
    List<String> problems = new ArrayList<>();
    optional(problems, "header", header, HEADER_MAX);
    required(problems, "body", body, bodyMax);
    optional(problems, "footer", footer, FOOTER_MAX);
    return problems;
  }

  /** The id and title of a button or row; ids must be unique within the message. */
  private static void check(List<String> problems, String kind, Option option, Set<String> ids, int idMax, int titleMax) {
    String name = kind + " " + option.id();
    required(problems, name + " id", option.id(), idMax);
    required(problems, name + " title", option.title(), titleMax);
    if (!ids.add(option.id())) problems.add(name + " id is not unique");
  }

  private static void required(List<String> problems, String field, String value, int max) {
    if (value == null || value.isBlank()) problems.add(field + " is empty");
    else optional(problems, field, value, max);
  }

  private static void optional(List<String> problems, String field, String value, int max) {
    if (value != null && value.length() > max) {
      problems.add(field + " has " + value.length() + " characters (at most " + max + "): " + value);
    }
  }
}
