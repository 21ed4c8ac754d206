package chaupal.simulator;

import java.util.List;

/**
 * One WhatsApp Business number the simulator answers for. {@code messagesPerSecond} of zero or less
 * means the settings' default (80, Meta's standard throughput).
 */
public record BusinessNumber(
    String phoneNumberId, String displayNumber, String name, List<String> languages, int messagesPerSecond) {

  public BusinessNumber {
    if (phoneNumberId == null || phoneNumberId.isBlank()) throw new IllegalArgumentException("phoneNumberId is required");
    displayNumber = displayNumber == null ? "" : displayNumber;
    name = name == null || name.isBlank() ? displayNumber : name;
    languages = languages == null ? List.of() : List.copyOf(languages);
  }

  /** The display number as digits only, the way webhooks carry it in {@code metadata.display_phone_number}. */
  public String displayDigits() {
    return displayNumber.replaceAll("[^0-9]", "");
  }

  /**
   * The country calling code Meta prepends to a {@code to} without {@code +}: the display number
   * less its ten-digit national number (true for India and North America).
   */
  public String countryCode() {
    String digits = displayDigits();
    return digits.length() > 10 ? digits.substring(0, digits.length() - 10) : "";
  }
}
