package chaupal.tenancy;

import java.util.List;

/**
 * One WhatsApp business number. {@code languages} is ordered: the first is the default.
 * {@code messagesPerSecond} is the send rate this number may use (Cloud API default 80, up to 1000).
 * {@code templates} are its approved templates, used when the citizen's 24-hour window has closed.
 * {@code wabaId} is the WhatsApp Business Account the number belongs to: templates are Meta's per
 * account, and template webhooks name only the account. Several numbers may share one.
 */
public record Channel(
    String phoneNumberId,
    String displayNumber,
    String name,
    String tenantId,
    List<String> languages,
    int messagesPerSecond,
    List<Template> templates,
    String wabaId) {

  /**
   * The purpose of the utility template that confirms Meta's stop (or resume) of a citizen's marketing
   * messages when their 24-hour window has closed; its parameters may name {@link #CONSENT_UPDATE_PARAMETERS}.
   */
  public static final String CONSENT_UPDATE = "consent-update";

  /** The service's name (the tenant's) and the change in the chat's words (the marketing updates stopped, what stays). */
  public static final java.util.Set<String> CONSENT_UPDATE_PARAMETERS = java.util.Set.of("service", "change");

  public static final int DEFAULT_MESSAGES_PER_SECOND = 80;
  public static final int MAX_MESSAGES_PER_SECOND = 1000;

  public Channel {
    languages = List.copyOf(languages);
    if (languages.isEmpty()) throw new IllegalArgumentException("a channel needs at least one language");
    templates = templates == null ? List.of() : List.copyOf(templates);
  }

  /** A channel made in code, without a business account: nothing of Meta's template list is known for it. */
  public Channel(String phoneNumberId, String displayNumber, String name, String tenantId, List<String> languages,
      int messagesPerSecond, List<Template> templates) {
    this(phoneNumberId, displayNumber, name, tenantId, languages, messagesPerSecond, templates, null);
  }

  /** A channel without approved templates: nothing reaches a citizen outside the 24-hour window. */
  public Channel(String phoneNumberId, String displayNumber, String name, String tenantId, List<String> languages,
      int messagesPerSecond) {
    this(phoneNumberId, displayNumber, name, tenantId, languages, messagesPerSecond, List.of());
  }

  /**
   * An approved utility template of this number: what it is for ({@code purpose}, e.g.
   * {@code case-update}), the conversation language it serves, its name and language code at Meta,
   * and the names of its body parameters in order ({@code case_number}, {@code status} ...).
   */
  public record Template(String purpose, String language, String name, String languageCode, List<String> parameters) {
    public Template {
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** The body parameters' values in the template's order, by name from {@code values}; "-" for a name not given. */
    public List<String> fill(java.util.Map<String, String> values) {
      return parameters.stream().map(name -> values.getOrDefault(name, "-")).toList();
    }
  }

  /** The template for {@code purpose} in {@code language}, else in the channel's default language. */
  public java.util.Optional<Template> template(String purpose, String language) {
    java.util.Optional<Template> exact =
        templates.stream().filter(t -> t.purpose().equals(purpose) && t.language().equals(language)).findFirst();
    if (exact.isPresent()) return exact;
    return templates.stream().filter(t -> t.purpose().equals(purpose) && t.language().equals(defaultLanguage())).findFirst();
  }

  public String defaultLanguage() {
    return languages.get(0);
  }

  public boolean offers(String language) {
    return language != null && languages.contains(language);
  }
}
