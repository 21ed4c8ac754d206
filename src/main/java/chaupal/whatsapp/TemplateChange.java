package chaupal.whatsapp;

import java.time.Instant;
import java.util.Set;

/**
 * A template webhook (templates reference §2.6): its status, quality or category changed at Meta.
 * Such changes name the business account ({@code entry[].id}) and no phone number.
 *
 * @param templateId {@code message_template_id}, null when absent
 * @param language {@code message_template_language}, {@link MessageTemplate#languageKey normalised}
 * @param time {@code entry[].time}, null when absent
 * @param event for {@link Kind#STATUS}: APPROVED, PAUSED, DISABLED, REINSTATED, FLAGGED ... as Meta writes it
 * @param reason for {@link Kind#STATUS}: {@code reason} (unless NONE) or the pause's {@code other_info.title}
 * @param quality for {@link Kind#QUALITY}: the new score
 * @param category the category it has now: {@code new_category}, or a status change's {@code message_template_category}
 * @param comingCategory for an announced re-categorisation: {@code correct_category}, else null
 */
public record TemplateChange(Kind kind, String wabaId, String templateId, String name, String language, Instant time,
    String event, String reason, String quality, String category, String comingCategory) {

  public enum Kind { STATUS, QUALITY, CATEGORY }

  /** The {@code field}s of template webhooks; Meta's own quality sample says status_update, so the value decides. */
  public static final Set<String> FIELDS =
      Set.of("message_template_status_update", "message_template_quality_update", "template_category_update");

  static final Set<String> QUALITIES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");
  static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");
}
