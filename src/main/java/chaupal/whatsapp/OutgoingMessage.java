package chaupal.whatsapp;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message to one citizen. {@code to} is a phone number in any common notation
 * ({@code 919800000001}, {@code +91 98000-00001}), kept in full international form with a
 * leading {@code +} because Meta prepends the business number's country code to a number
 * without one; or, for a citizen known only by a business-scoped user id, that id exactly as
 * Meta sent it ({@link UserIds}), which the request carries as {@code recipient}.
 * {@code contextWamid} (nullable) makes it a reply to that message.
 */
public record OutgoingMessage(String to, OutgoingContent content, String contextWamid) {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s()\\-]");
  private static final Pattern INTERNATIONAL = Pattern.compile("[1-9][0-9]{6,14}");

  public OutgoingMessage {
    to = international(to);
    Objects.requireNonNull(content, "content");
    contextWamid = contextWamid == null || contextWamid.isBlank() ? null : contextWamid;
  }

  /** True when {@code to} is a business-scoped user id rather than a phone number. */
  public boolean businessScoped() {
    return UserIds.isBusinessScoped(to);
  }

  static String international(String phone) {
    if (phone == null) throw new IllegalArgumentException("recipient phone number is required");
    if (UserIds.isBusinessScoped(phone)) return phone;
    String digits = SEPARATORS.matcher(phone).replaceAll("");
    if (digits.startsWith("+")) digits = digits.substring(1);
    if (!INTERNATIONAL.matcher(digits).matches()) {
      throw new IllegalArgumentException("recipient must be an international phone number of 7 to 15 digits or a business-scoped user id such as IN.7301");
    }
    return "+" + digits;
  }
}
