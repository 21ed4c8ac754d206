package chaupal.conversation;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a message in any script into comparable word keys, so "paani", "pani", "पानी" and "ਪਾਣੀ"
 * all become {@code pani}. ICU does the heavy part: NFKC with case folding (which also drops
 * zero-width joiners), then per word "Devanagari-Latin; Gurmukhi-Latin" (its accents dropped by NFD)
 * or, for other non-ASCII words, "Latin-ASCII". On top
 * of ICU a small folding makes romanised spellings meet the transliteration:
 *
 * <ol>
 *   <li>Indic words only, before the accents go: a final inherent "a" after a consonant is dropped
 *       (खराब "kharaba" → kharab, as Hindi and Punjabi are spoken); a long final ā stays (कूड़ा →
 *       kura); anusvara and chandrabindu become "n" (नहीं → nahin); Gurmukhi tippi is read as
 *       bindi, which ICU otherwise drops (ਜਲੰਧਰ → jalandhar);
 *   <li>every word: only a-z and 0-9 kept (ICU's apostrophes go); ph → f; an h after a consonant
 *       goes (kh → k, sh → s, ch → c, so "khraab" and ख़राब share their consonants);
 *   <li>w → v, z → j, q → k (ज़, ਜ਼ and क़ typed without their dot);
 *   <li>ee → i, oo → u, then any doubled letter once (aa → a, kutte → kute);
 *   <li>a final h after a vowel goes (yeh → ye).
 * </ol>
 *
 * Digits of any script become ASCII digits. Transliterators are not thread-safe: one per thread.
 */
final class TextKey {

  // Marks belong to their letter: a Devanagari or Gurmukhi vowel sign or virama is part of the word.
  private static final UnicodeSet LETTERS_AND_MARKS = new UnicodeSet("[[:L:][:M:]]").freeze();
  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
  private static final ThreadLocal<Transliterator> INDIC_TO_LATIN =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Devanagari-Latin; Gurmukhi-Latin"));
  private static final ThreadLocal<Transliterator> LATIN_TO_ASCII =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Latin-ASCII"));

  // Transliteration costs microseconds a word and citizens use the same few thousand words: keep
  // their keys, up to a bound that holds a city's vocabulary in a few megabytes.
  private static final int MAX_KNOWN_WORDS = 100_000;
  private static final int MAX_KNOWN_LENGTH = 24;
  private static final Map<String, String> KNOWN_WORDS = new ConcurrentHashMap<>();

  /** The last message whose keys this thread made. */
  private static final class LastMessage {
    private String text;
    private String[] keys;
  }

  private static final ThreadLocal<LastMessage> LAST_MESSAGE = ThreadLocal.withInitial(LastMessage::new);

  private static final char GURMUKHI_TIPPI = '\u0A70';
  private static final char GURMUKHI_BINDI = '\u0A02';
  private static final String ANUSVARA = "\u1E41";
  private static final String CHANDRABINDU = "m\u0310";

  private TextKey() {}

  /** The message as keys joined by single spaces. */
  static String of(String text) {
    return String.join(" ", tokens(text));
  }

  /** The message's words as keys, in order; empty for a message without letters or digits. */
  static String[] tokens(String text) {
    if (text == null || text.isEmpty()) return new String[0];
    // One turn reads the same message many times (emergency words, case numbers, consent words,
    // the complaint, the town): its keys are made once per thread and handed out as copies.
    LastMessage last = LAST_MESSAGE.get();
    if (!text.equals(last.text)) {
      last.keys = keysOf(text);
      last.text = text;
    }
    return last.keys.clone();
  }

  private static String[] keysOf(String text) {
    String folded = NFKC_CASEFOLD.normalize(text);
    List<String> keys = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= folded.length(); ) {
      int c = i < folded.length() ? folded.codePointAt(i) : ' ';
      i += Character.charCount(c);
      if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
        word.append((char) ('0' + Character.digit(c, 10)));
      } else if (LETTERS_AND_MARKS.contains(c)) {
        word.appendCodePoint(c);
      } else if (word.length() > 0) {
        String key = key(word.toString());
        if (!key.isEmpty()) keys.add(key);
        word.setLength(0);
      }
      if (i > folded.length()) break;
    }
    return keys.toArray(new String[0]);
  }

  private static String key(String word) {
    if (isAscii(word)) return fold(word);
    String known = KNOWN_WORDS.get(word);
    if (known != null) return known;
    String key = fold(latin(word));
    if (word.length() <= MAX_KNOWN_LENGTH && KNOWN_WORDS.size() < MAX_KNOWN_WORDS) KNOWN_WORDS.putIfAbsent(word, key);
    return key;
  }

  private static String latin(String word) {
    if (!isIndic(word)) return LATIN_TO_ASCII.get().transliterate(word);
    String latin = INDIC_TO_LATIN.get().transliterate(word.replace(GURMUKHI_TIPPI, GURMUKHI_BINDI));
    latin = withoutInherentA(latin).replace(ANUSVARA, "n").replace(CHANDRABINDU, "n");
    // ICU's romanisation (ISO 15919) is base letters with accents: dropping the accents (fold keeps
    // a-z) is what Latin-ASCII would do, ten times faster.
    return NFD.normalize(latin);
  }

  private static boolean isAscii(String word) {
    for (int i = 0; i < word.length(); i++) if (word.charAt(i) > 0x7F) return false;
    return true;
  }

  private static boolean isIndic(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if ((c >= '\u0900' && c <= '\u097F') || (c >= '\u0A00' && c <= '\u0A7F')) return true;
    }
    return false;
  }

  /** ICU writes every consonant's inherent vowel; a word-final one is silent in Hindi and Punjabi. */
  private static String withoutInherentA(String latin) {
    int last = latin.length() - 1;
    if (last < 2 || latin.charAt(last) != 'a') return latin;
    char before = latin.charAt(last - 1);
    return Character.isLetter(before) && !isVowel(before) ? latin.substring(0, last) : latin;
  }

  private static boolean isVowel(char c) {
    return "aeiouāīūēō".indexOf(c) >= 0;
  }

  /** The romanised spelling folding, steps 2 to 5 of the class comment. */
  static String fold(String latin) {
    StringBuilder letters = new StringBuilder(latin.length());
    for (int i = 0; i < latin.length(); i++) {
      char c = Character.toLowerCase(latin.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) letters.append(c);
    }
    StringBuilder out = new StringBuilder(letters.length());
    for (int i = 0; i < letters.length(); i++) {
      char c = letters.charAt(i);
      char previous = out.length() == 0 ? 0 : out.charAt(out.length() - 1);
      if (c == 'h' && previous == 'p') {
        out.setCharAt(out.length() - 1, 'f');
        continue;
      }
      if (c == 'h' && isConsonant(previous)) continue;
      c = switch (c) {
        case 'w' -> 'v';
        case 'z' -> 'j';
        case 'q' -> 'k';
        default -> c;
      };
      if (c == previous && c == 'e') out.setCharAt(out.length() - 1, 'i');
      else if (c == previous && c == 'o') out.setCharAt(out.length() - 1, 'u');
      else if (c != previous) out.append(c);
    }
    int last = out.length() - 1;
    if (last > 0 && out.charAt(last) == 'h' && "aeiou".indexOf(out.charAt(last - 1)) >= 0) {
      out.setLength(last);
    }
    return out.toString();
  }

  private static boolean isConsonant(char c) {
    return c >= 'a' && c <= 'z' && "aeiouh".indexOf(c) < 0;
  }
}
