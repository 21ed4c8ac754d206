package chaupal.whatsapp;

import java.util.List;

/**
 * One {@code entry[].changes[]} item. {@code wabaId} is {@code entry[].id}; route on
 * {@code phoneNumberId} ({@code value.metadata.phone_number_id}). Fields other than
 * {@code messages} (account_update, template status ...) keep their ids but have empty lists.
 */
public record Change(
    String wabaId,
    String field,
    String phoneNumberId,
    String displayPhoneNumber,
    List<Contact> contacts,
    List<InboundMessage> messages,
    List<StatusUpdate> statuses,
    List<ApiError> errors) {

  public static final String MESSAGES = "messages";

  public Change {
    contacts = List.copyOf(contacts);
    messages = List.copyOf(messages);
    statuses = List.copyOf(statuses);
    errors = List.copyOf(errors);
  }

  /** The key of the citizen who sent this message, see {@link InboundMessage#citizenKey(List)}. */
  public String citizenKey(InboundMessage message) {
    return message.citizenKey(contacts);
  }
}
