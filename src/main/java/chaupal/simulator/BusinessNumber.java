package chaupal.simulator;

import java.util.List;

/**
 * One WhatsApp Business number the simulator answers for. {@code messagesPerSecond} of zero or less
 * means the settings' default (80, Meta's standard throughput). {@code templates} are its approved
 * templates: a template send must name one of them (else 132001) with its body parameter count (else
 * 132000). A number that lists none accepts any template, so tests of other things need not list them.
 */
public record BusinessNumber(
    String phoneNumberId, String displayNumber, String name, List<String> languages, int messagesPerSecond,
    List<Template> templates,
    String wabaId) {

  /**
   * A template as Meta knows it: name, language code ({@code en_US}), its body's {@code {{n}}} count,
   * its status (only APPROVED can be sent), category, quality, body text and header format (or null).
   */
  public record Template(String name, String languageCode, int bodyParameters, String status, String category, String quality,
      String bodyText, String headerFormat) {

    /** An approved utility template with a body of that many parameters. */
    public Template(String name, String languageCode, int bodyParameters) {
      this(name, languageCode, bodyParameters, "APPROVED", "UTILITY", "GREEN", body(name, bodyParameters), null);
    }

    private static String body(String name, int parameters) {
      StringBuilder text = new StringBuilder("Message " + name);
      for (int i = 1; i <= parameters; i++) text.append(i == 1 ? ": " : ", ").append("{{").append(i).append("}}");
      return text.append('.').toString();
    }

    public Template with(String newStatus, String newCategory, String newQuality) {
      return new Template(name, languageCode, bodyParameters, newStatus == null ? status : newStatus,
          newCategory == null ? category : newCategory, newQuality == null ? quality : newQuality, bodyText, headerFormat);
    }
  }

  public BusinessNumber {
    if (phoneNumberId == null || phoneNumberId.isBlank()) throw new IllegalArgumentException("phoneNumberId is required");
    displayNumber = displayNumber == null ? "" : displayNumber;
    name = name == null || name.isBlank() ? displayNumber : name;
    languages = languages == null ? List.of() : List.copyOf(languages);
    templates = templates == null ? List.of() : List.copyOf(templates);
  }

  public BusinessNumber(String phoneNumberId, String displayNumber, String name, List<String> languages, int messagesPerSecond) {
    this(phoneNumberId, displayNumber, name, languages, messagesPerSecond, List.of());
  }

  /** A number whose business account is the settings' {@link SimulatorSettings.Tuning#wabaId}. */
  public BusinessNumber(String phoneNumberId, String displayNumber, String name, List<String> languages, int messagesPerSecond,
      List<Template> templates) {
    this(phoneNumberId, displayNumber, name, languages, messagesPerSecond, templates, null);
  }

  /** The business account of this number: its own, else the settings' default. */
  public String waba(SimulatorSettings settings) {
    return wabaId != null ? wabaId : settings.tuning().wabaId();
  }

  /** The same number at another send rate. */
  public BusinessNumber withMessagesPerSecond(int rate) {
    return new BusinessNumber(phoneNumberId, displayNumber, name, languages, rate, templates, wabaId);
  }

  /** The approved template with this name and language code, when the number lists its templates. */
  public java.util.Optional<Template> template(String templateName, String languageCode) {
    return templates.stream().filter(t -> t.name().equals(templateName) && t.languageCode().equals(languageCode)).findFirst();
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
