package chaupal.tenancy;

import java.util.List;

/**
 * One WhatsApp business number. {@code languages} is ordered: the first is the default.
 * {@code messagesPerSecond} is the send rate this number may use (Cloud API default 80, up to 1000).
 */
public record Channel(
    String phoneNumberId,
    String displayNumber,
    String name,
    String tenantId,
    List<String> languages,
    int messagesPerSecond) {

  public static final int DEFAULT_MESSAGES_PER_SECOND = 80;
  public static final int MAX_MESSAGES_PER_SECOND = 1000;

  public Channel {
    languages = List.copyOf(languages);
    if (languages.isEmpty()) throw new IllegalArgumentException("a channel needs at least one language");
  }

  public String defaultLanguage() {
    return languages.get(0);
  }

  public boolean offers(String language) {
    return language != null && languages.contains(language);
  }
}
