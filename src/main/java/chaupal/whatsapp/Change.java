package chaupal.whatsapp;

import java.util.List;

/**
 * One {@code entry[].changes[]} item. {@code wabaId} is {@code entry[].id}; route on
 * {@code phoneNumberId} ({@code value.metadata.phone_number_id}). Fields other than
 * {@code messages} (account_update ...) keep their ids but have empty lists; {@code user_preferences}
 * brings its {@code preferences} and phone number id; template webhooks ({@link TemplateChange#FIELDS})
 * carry their one {@link TemplateChange} in {@code templates}.
 */
public record Change(
    String wabaId,
    String field,
    String phoneNumberId,
    String displayPhoneNumber,
    List<Contact> contacts,
    List<InboundMessage> messages,
    List<StatusUpdate> statuses,
    List<ApiError> errors,
    List<MarketingPreference> preferences,
    List<TemplateChange> templates) {

  public static final String MESSAGES = "messages";
  public static final String USER_PREFERENCES = "user_preferences";

  public Change {
    contacts = List.copyOf(contacts);
    messages = List.copyOf(messages);
    statuses = List.copyOf(statuses);
    errors = List.copyOf(errors);
    preferences = preferences == null ? List.of() : List.copyOf(preferences);
    templates = templates == null ? List.of() : List.copyOf(templates);
  }

  /** A change of the {@code messages} field or another without preferences or template news. */
  public Change(String wabaId, String field, String phoneNumberId, String displayPhoneNumber, List<Contact> contacts,
      List<InboundMessage> messages, List<StatusUpdate> statuses, List<ApiError> errors) {
    this(wabaId, field, phoneNumberId, displayPhoneNumber, contacts, messages, statuses, errors, List.of(), List.of());
  }

  /** The key of the citizen who sent this message, see {@link InboundMessage#citizenKey(List)}. */
  public String citizenKey(InboundMessage message) {
    return message.citizenKey(contacts);
  }
}
