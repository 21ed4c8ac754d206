package chaupal.tenancy;

import java.util.Map;
import java.util.TreeMap;

/** A name or short text given per language, e.g. {@code name { en = "Sagar", hi = "सागर" }}. */
public record LocalizedText(Map<String, String> byLanguage) {

  public LocalizedText {
    byLanguage = Map.copyOf(byLanguage);
    if (byLanguage.isEmpty()) throw new IllegalArgumentException("a localized text needs at least one language");
  }

  public static LocalizedText of(String language, String text) {
    return new LocalizedText(Map.of(language, text));
  }

  /**
   * The text in {@code language}. The loader guarantees every language a tenant's channels offer,
   * so the fallbacks (English, then any) only guard against a caller asking for another one.
   */
  public String in(String language) {
    String text = byLanguage.get(language);
    if (text == null) text = byLanguage.get("en");
    if (text == null) text = new TreeMap<>(byLanguage).firstEntry().getValue();
    return text;
  }

  public boolean has(String language) {
    return byLanguage.containsKey(language);
  }
}
