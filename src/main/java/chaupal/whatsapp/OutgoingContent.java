package chaupal.whatsapp;

import static chaupal.whatsapp.Limits.optional;
import static chaupal.whatsapp.Limits.require;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What we send, one record per message shape (reference §5). Each record refuses, at
 * construction, anything the Cloud API would refuse for size or count, with an
 * {@link IllegalArgumentException} that names the limit; use {@link Limits#fit} on long catalog
 * texts first. Plain data for the outbox: the {@code @type} names are stored and must not change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OutgoingContent.Text.class, name = "text"),
  @JsonSubTypes.Type(value = OutgoingContent.ReplyButtons.class, name = "reply_buttons"),
  @JsonSubTypes.Type(value = OutgoingContent.ListMessage.class, name = "list"),
  @JsonSubTypes.Type(value = OutgoingContent.LocationRequest.class, name = "location_request"),
  @JsonSubTypes.Type(value = OutgoingContent.Template.class, name = "template"),
  @JsonSubTypes.Type(value = OutgoingContent.Media.class, name = "media")
})
public sealed interface OutgoingContent {

  record Text(String body, boolean previewUrl) implements OutgoingContent {
    public Text {
      require(body, Limits.TEXT_BODY, "text body");
    }
  }

  /** Up to three reply buttons under a body; header and footer are optional (null). */
  record ReplyButtons(String header, String body, String footer, List<Button> buttons) implements OutgoingContent {
    public ReplyButtons {
      header = optional(header, Limits.HEADER_TEXT, "button message header");
      require(body, Limits.INTERACTIVE_BODY, "button message body");
      footer = optional(footer, Limits.FOOTER, "button message footer");
      buttons = List.copyOf(Objects.requireNonNull(buttons, "buttons"));
      if (buttons.isEmpty() || buttons.size() > Limits.BUTTONS_MAX) {
        throw new IllegalArgumentException(
            "a button message has 1 to " + Limits.BUTTONS_MAX + " buttons, not " + buttons.size());
      }
      uniqueIds(buttons.stream().map(Button::id).toList(), "button");
    }
  }

  record Button(String id, String title) {
    public Button {
      require(id, Limits.BUTTON_ID, "button id");
      require(title, Limits.BUTTON_TITLE, "button title");
    }
  }

  /** A list behind a button ({@code buttonText}); at most 10 rows across all sections. */
  record ListMessage(String header, String body, String footer, String buttonText, List<Section> sections)
      implements OutgoingContent {
    public ListMessage {
      header = optional(header, Limits.HEADER_TEXT, "list header");
      require(body, Limits.LIST_BODY, "list body");
      footer = optional(footer, Limits.FOOTER, "list footer");
      require(buttonText, Limits.LIST_BUTTON, "list button text");
      sections = List.copyOf(Objects.requireNonNull(sections, "sections"));
      if (sections.isEmpty() || sections.size() > Limits.LIST_SECTIONS_MAX) {
        throw new IllegalArgumentException(
            "a list has 1 to " + Limits.LIST_SECTIONS_MAX + " sections, not " + sections.size());
      }
      if (sections.size() > 1 && sections.stream().anyMatch(s -> s.title() == null)) {
        throw new IllegalArgumentException("section title is required when a list has more than one section");
      }
      List<String> ids = sections.stream().flatMap(s -> s.rows().stream()).map(Row::id).toList();
      if (ids.size() > Limits.LIST_ROWS_MAX) {
        throw new IllegalArgumentException(
            "a list has at most " + Limits.LIST_ROWS_MAX + " rows in total, not " + ids.size());
      }
      uniqueIds(ids, "row");
    }
  }

  /** Title may be null only in a list with a single section. */
  record Section(String title, List<Row> rows) {
    public Section {
      title = optional(title, Limits.SECTION_TITLE, "section title");
      rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
      if (rows.isEmpty()) throw new IllegalArgumentException("a list section has at least 1 row");
    }
  }

  record Row(String id, String title, String description) {
    public Row {
      require(id, Limits.ROW_ID, "row id");
      require(title, Limits.ROW_TITLE, "row title");
      description = optional(description, Limits.ROW_DESCRIPTION, "row description");
    }
  }

  /** Asks the citizen to share a location; the answer arrives as a location message. */
  record LocationRequest(String body) implements OutgoingContent {
    public LocationRequest {
      require(body, Limits.INTERACTIVE_BODY, "location request body");
    }
  }

  /** An approved template with positional body parameters ({{1}}, {{2}} ...); the only shape allowed outside the 24 h window. */
  record Template(String name, String languageCode, List<String> bodyParameters) implements OutgoingContent {
    public Template {
      require(name, Integer.MAX_VALUE, "template name");
      require(languageCode, Integer.MAX_VALUE, "template language code");
      bodyParameters = bodyParameters == null ? List.of() : bodyParameters.stream().map(Template::parameter).toList();
      for (String parameter : bodyParameters) require(parameter, Integer.MAX_VALUE, "template body parameter");
    }

    /**
     * A body parameter as Meta takes it: it refuses one with a line break, a tab or more than four
     * spaces in a row ("Param text cannot have new-line/tab characters or more than 4 consecutive
     * spaces"), so an official's note of two paragraphs goes as one line. The approved body keeps its own breaks.
     */
    public static String parameter(String text) {
      return text == null ? null : WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("(?U)\\s+");
  }

  /**
   * An image, document, audio, video or sticker, by uploaded media id or by https link (exactly
   * one). Caption only for image, video and document; filename only for document.
   */
  record Media(String kind, String mediaIdOrNull, String linkOrNull, String caption, String filename)
      implements OutgoingContent {
    public Media {
      if (!MessageContent.Media.KINDS.contains(kind)) {
        throw new IllegalArgumentException("media kind must be one of " + MessageContent.Media.KINDS + ", not " + kind);
      }
      mediaIdOrNull = optional(mediaIdOrNull, Integer.MAX_VALUE, "media id");
      linkOrNull = optional(linkOrNull, Integer.MAX_VALUE, "media link");
      if ((mediaIdOrNull == null) == (linkOrNull == null)) {
        throw new IllegalArgumentException("media needs exactly one of a media id and a link");
      }
      if (linkOrNull != null && !linkOrNull.startsWith("https://") && !linkOrNull.startsWith("http://")) {
        throw new IllegalArgumentException("media link must be an http(s) URL");
      }
      caption = optional(caption, Limits.CAPTION, "media caption");
      if (caption != null && !(kind.equals("image") || kind.equals("video") || kind.equals("document"))) {
        throw new IllegalArgumentException(kind + " cannot have a caption");
      }
      filename = optional(filename, Integer.MAX_VALUE, "media filename");
      if (filename != null && !kind.equals("document")) {
        throw new IllegalArgumentException("only a document has a filename");
      }
    }
  }

  private static void uniqueIds(List<String> ids, String what) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) throw new IllegalArgumentException(what + " ids must be unique: \"" + id + "\" repeats");
    }
  }
}
