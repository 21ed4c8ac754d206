package chaupal.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One language variant of a business account's template as {@code GET /{waba-id}/message_templates}
 * gives it (templates reference §2.1), reduced to what a sender needs: its state and the shape of its
 * parameters.
 *
 * @param language Meta's locale code, {@link #languageKey normalised} ({@code en_US})
 * @param qualityScore GREEN, YELLOW, RED or UNKNOWN; null when Meta gave none
 * @param rejectedReason Meta's {@code rejected_reason} unless NONE; null otherwise
 * @param headerFormat TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION, null without a header
 * @param bodyParameters how many distinct {@code {{n}}} or {@code {{name}}} the body has
 */
public record MessageTemplate(String name, String language, String status, String category, String qualityScore,
    String rejectedReason, String headerFormat, String bodyText, int bodyParameters) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  /**
   * A locale code as one key: webhooks write {@code en-US} where the list writes {@code en_US}
   * (templates reference §2.6), so {@code -} becomes {@code _}, the language lower and the region upper case.
   */
  public static String languageKey(String code) {
    if (code == null) return null;
    String[] parts = code.trim().replace('-', '_').split("_", 2);
    String language = parts[0].toLowerCase(java.util.Locale.ROOT);
    return parts.length == 1 ? language : language + "_" + parts[1].toUpperCase(java.util.Locale.ROOT);
  }

  /** How many distinct placeholders a body has: Meta counts {@code {{1}}} twice as one parameter. */
  public static int placeholders(String bodyText) {
    if (bodyText == null) return 0;
    Matcher m = PLACEHOLDER.matcher(bodyText);
    java.util.Set<String> names = new java.util.HashSet<>();
    while (m.find()) names.add(m.group(1));
    return names.size();
  }

  /** One element of the list's {@code data}; throws IllegalArgumentException when name or language is missing. */
  static MessageTemplate fromGraph(JsonNode t) {
    String name = text(t, "name");
    String language = text(t, "language");
    if (name == null || language == null) throw new IllegalArgumentException("a template without name or language");
    String header = null;
    String body = null;
    for (JsonNode component : t.path("components")) {
      String type = text(component, "type");
      if ("HEADER".equalsIgnoreCase(type)) header = upper(text(component, "format"));
      if ("BODY".equalsIgnoreCase(type)) body = text(component, "text");
    }
    String reason = text(t, "rejected_reason");
    if ("NONE".equalsIgnoreCase(reason)) reason = null;
    JsonNode quality = t.path("quality_score");
    String score = quality.isObject() ? text(quality, "score") : text(t, "quality_score");
    return new MessageTemplate(name, languageKey(language), upper(text(t, "status")), upper(text(t, "category")), upper(score),
        reason, header, body, placeholders(body));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? WireText.clean(v.textValue()) : null;
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
  }
}
