package chaupal.whatsapp;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code value.messages[]} item. {@code wamid} is the dedup key. {@code from} is the sender's
 * phone number (digits, no {@code +}); it may be absent since business-scoped user ids
 * ({@code fromUserId}) arrived. {@code contextWamid} is the business message it replies to.
 * {@code referral} is null unless the chat started from an ad.
 */
public record InboundMessage(
    String wamid,
    String from,
    String fromUserId,
    Instant timestamp,
    String type,
    MessageContent content,
    String contextWamid,
    List<ApiError> errors,
    Referral referral) {

  @JsonCreator
  public InboundMessage {
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(content, "content");
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /**
   * Who sent it, as one string: the phone number when there is one ({@code from}, else the wa_id
   * of the matching or only contact), otherwise the business-scoped user id. Null when the
   * message names nobody, which the parser rejects.
   */
  public String citizenKey(List<Contact> contacts) {
    if (from != null) return from;
    Contact contact = senderAmong(contacts);
    if (contact != null && contact.waId() != null) return contact.waId();
    if (fromUserId != null) return fromUserId;
    return contact == null ? null : contact.userId();
  }

  private Contact senderAmong(List<Contact> contacts) {
    if (contacts == null || contacts.isEmpty()) return null;
    if (fromUserId != null) {
      for (Contact c : contacts) {
        if (fromUserId.equals(c.userId())) return c;
      }
      return null;
    }
    return contacts.size() == 1 ? contacts.get(0) : null;
  }
}
