package chaupal.outbound;

import java.time.Instant;

/**
 * A message template as Meta has it for a business account, kept current from
 * {@code GET /{waba-id}/message_templates} and the template webhooks.
 *
 * @param status APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL ... as Meta writes it
 * @param category MARKETING, UTILITY or AUTHENTICATION
 * @param quality GREEN, YELLOW, RED or UNKNOWN
 * @param bodyParameters how many {{n}} the body has
 * @param headerFormat TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION, else null
 * @param reason why it is not approved (Meta's reason or the webhook's), else null
 */
public record SyncedTemplate(String wabaId, String name, String languageCode, String category, String status, String quality,
    int bodyParameters, String headerFormat, String bodyText, String reason, Instant updatedAt) {

  public boolean approved() {
    return "APPROVED".equals(status);
  }
}
