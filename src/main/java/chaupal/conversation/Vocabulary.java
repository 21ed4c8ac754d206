package chaupal.conversation;

import chaupal.tenancy.Catalog;
import chaupal.tenancy.Directory;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises what a typed message means from the {@code match.*} word lists of every catalog, so a
 * Punjabi greeting works on a Hindi number and a new language brings its own words. Matching is
 * forgiving in the ways people type on phones: case, punctuation, emoji, extra spaces, doubled
 * letters ("Hiii!!"), nukta or no nukta (अंग्रेज़ी, अंग्रेजी), and up to {@link #EXTRA_WORDS} words
 * around a phrase ("hi there", "हिंदी में"). Longer messages are not guessed at.
 */
final class Vocabulary {

  static final int EXTRA_WORDS = 2;

  /** What a message means. When several phrases match, a language beats a topic beats a greeting. */
  sealed interface Meaning {
    int priority();
  }

  record LanguageNamed(String language) implements Meaning {
    public int priority() {
      return 3;
    }
  }

  record Topic(String entryId) implements Meaning {
    public int priority() {
      return 2;
    }
  }

  record Greeting() implements Meaning {
    public int priority() {
      return 1;
    }
  }

  /** Not understood: {@code kind} is text, media, location, other or stale (an old button). */
  record Unclear(String kind) implements Meaning {
    public int priority() {
      return 0;
    }
  }

  private final Map<String, Meaning> phrases = new HashMap<>();
  private final Map<String, String> sources = new HashMap<>();
  /** Words in the longest phrase: a message longer than it and the words allowed around it means none. */
  private int longestPhrase;

  Vocabulary(Directory directory, List<String> topics) {
    for (String language : directory.languages()) {
      Catalog catalog = directory.catalog(language);
      add(catalog, "match.greeting", new Greeting());
      add(catalog, "match.this-language", new LanguageNamed(language));
      for (String topic : topics) add(catalog, "match." + topic, new Topic(topic));
    }
  }

  private void add(Catalog catalog, String key, Meaning meaning) {
    for (String phrase : catalog.words(key)) {
      String normal = normalize(phrase);
      String source = "catalogs/" + catalog.language() + ".conf " + key;
      if (normal.isEmpty()) throw new IllegalStateException(source + ": \"" + phrase + "\" has no letters");
      longestPhrase = Math.max(longestPhrase, normal.split(" ").length);
      Meaning earlier = phrases.putIfAbsent(normal, meaning);
      if (earlier != null && !earlier.equals(meaning)) {
        throw new IllegalStateException(
            source + ": \"" + phrase + "\" already means something else in " + sources.get(normal));
      }
      sources.putIfAbsent(normal, source);
    }
  }

  Optional<Meaning> recognize(String text) {
    return recognize(text, EXTRA_WORDS);
  }

  /** What a message means when at most {@code extraWords} words stand around the phrase (0: the whole message). */
  Optional<Meaning> recognize(String text, int extraWords) {
    String normal = normalize(text == null ? "" : text);
    if (normal.isEmpty()) return Optional.empty();
    // normal has single spaces between its words: a phrase is the text from one word's start to another's end
    int count = 1;
    for (int i = 0; i < normal.length(); i++) if (normal.charAt(i) == ' ') count++;
    int shortest = Math.max(1, count - extraWords);
    if (shortest > longestPhrase) return Optional.empty(); // a long sentence: no phrase can be the message
    int[] starts = new int[count];
    int[] ends = new int[count];
    for (int i = 0, word = 0; i <= normal.length(); i++) {
      if (i == normal.length() || normal.charAt(i) == ' ') {
        ends[word] = i;
        if (++word < count) starts[word] = i + 1;
      }
    }
    Meaning best = null;
    int bestLength = 0;
    for (int from = 0; from + shortest <= count; from++) {
      for (int to = from + shortest - 1; to < count && to - from < longestPhrase; to++) {
        int length = to - from + 1;
        Meaning meaning = phrases.get(normal.substring(starts[from], ends[to]));
        if (meaning == null) continue;
        boolean better =
            best == null
                || meaning.priority() > best.priority()
                || (meaning.priority() == best.priority() && length > bestLength);
        if (better) {
          best = meaning;
          bestLength = length;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Lower case, letters, marks and digits only, single spaces, no doubled characters, no nukta. */
  static String normalize(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(folded.length());
    int previous = ' ';
    for (int i = 0; i < folded.length(); ) {
      int c = folded.codePointAt(i);
      i += Character.charCount(c);
      if (isIgnored(c) || (isMark(c) && previous == ' ')) continue;
      int kept = isWordPart(c) ? c : ' ';
      if (kept == previous) continue;
      out.appendCodePoint(kept);
      previous = kept;
    }
    return out.toString().trim();
  }

  /**
   * Nukta and zero-width joiners (people type the same word with and without them) and emoji
   * variation selectors.
   */
  private static boolean isIgnored(int c) {
    return c == 0x093C || c == 0x0A3C || c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F);
  }

  /** A mark belongs to the letter before it; one after a space or symbol is left over from an emoji. */
  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isWordPart(int c) {
    return Character.isLetterOrDigit(c) || isMark(c);
  }
}
