package chaupal.tenancy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The citizen-facing texts of one language. A key holds either a text with {@code {placeholders}}
 * or a list of words (phrases citizens type, used to recognise what they mean). The loader has
 * checked that every catalog has every key of {@code en}, of the same kind, with the same
 * placeholders, so a missing key or parameter here is a programming error: it throws rather than
 * hand a citizen null or a raw placeholder.
 */
public final class Catalog {

  private final String language;
  private final Map<String, String> texts;
  private final Map<String, List<String>> words;

  public Catalog(String language, Map<String, String> texts, Map<String, List<String>> words) {
    this.language = language;
    this.texts = Map.copyOf(texts);
    this.words = Map.copyOf(words);
    for (Map.Entry<String, String> e : this.texts.entrySet()) placeholdersIn(e.getValue());
  }

  public String language() {
    return language;
  }

  public String text(String key) {
    return text(key, Map.of());
  }

  /** The text of {@code key} with each {@code {name}} replaced by {@code params.get(name)}; extra params are ignored. */
  public String text(String key, Map<String, String> params) {
    String template = texts.get(key);
    if (template == null) throw new IllegalArgumentException(describe(key) + "no such text");
    int open = template.indexOf('{');
    if (open < 0) return template; // most texts have no placeholder: no copy
    StringBuilder out = new StringBuilder(template.length() + 64);
    int i = 0;
    while (open >= 0) {
      out.append(template, i, open);
      int end = template.indexOf('}', open);
      String name = template.substring(open + 1, end);
      String value = params.get(name);
      if (value == null) throw new IllegalArgumentException(describe(key) + "no value for {" + name + "}");
      out.append(value);
      i = end + 1;
      open = template.indexOf('{', i);
    }
    return out.append(template, i, template.length()).toString();
  }

  /** The phrases of a word list, as written in the catalog. */
  public List<String> words(String key) {
    List<String> list = words.get(key);
    if (list == null) throw new IllegalArgumentException(describe(key) + "no such word list");
    return list;
  }

  public boolean hasText(String key) {
    return texts.containsKey(key);
  }

  public boolean hasWords(String key) {
    return words.containsKey(key);
  }

  /** Every key, texts and word lists, sorted. */
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>(texts.keySet());
    keys.addAll(words.keySet());
    return keys;
  }

  /** The placeholders a text of this catalog uses. */
  public Set<String> placeholders(String key) {
    return placeholdersIn(texts.get(key));
  }

  /** This catalog with {@code override}'s keys replacing its own (a tenant's wording). */
  Catalog overriddenBy(Catalog override) {
    Map<String, String> t = new HashMap<>(texts);
    t.putAll(override.texts);
    Map<String, List<String>> w = new HashMap<>(words);
    w.putAll(override.words);
    return new Catalog(language, t, w);
  }

  private String describe(String key) {
    return "catalog " + language + ": " + key + ": ";
  }

  /**
   * The names of the {@code {placeholders}} in {@code text}, in order of first use.
   *
   * @throws IllegalArgumentException naming the problem when a brace is unmatched or a name is not
   *     lower case letters, digits and underscores starting with a letter
   */
  public static Set<String> placeholdersIn(String text) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '}') throw new IllegalArgumentException("\"}\" without \"{\" at character " + (i + 1));
      if (c != '{') {
        i++;
        continue;
      }
      int end = text.indexOf('}', i);
      int nextOpen = text.indexOf('{', i + 1);
      if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
        throw new IllegalArgumentException("\"{\" at character " + (i + 1) + " is not closed");
      }
      String name = text.substring(i + 1, end);
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException(
            "bad placeholder {" + name + "}: use lower case letters, digits and _");
      }
      names.add(name);
      i = end + 1;
    }
    return names;
  }
}
