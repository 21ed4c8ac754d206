package chaupal.conversation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a case number anywhere in a message, as typed on a phone ("मेरी शिकायत JAL-26-004217 का
 * क्या हुआ?", "jal 26 004217", "JAL26004217"), and the words that ask for one's complaints
 * ("status", "मेरी शिकायतें", "ਮੇਰੀਆਂ ਸ਼ਿਕਾਇਤਾਂ"). Only prefixes of known ULBs count, so a
 * stray "abc 12 345678" is not taken for a case.
 */
final class CaseNumbers {

  /** Words that ask for the status of one's complaints in every deployment. */
  static final List<String> COMMON_TRACK_WORDS =
      List.of(
          "status", "my complaints", "my complaint", "complaint status", "track",
          "meri shikayat", "meri shikayaten", "shikayat ki sthiti",
          "meriyan shikayatan", "meri shikayatan",
          "मेरी शिकायत", "मेरी शिकायतें", "शिकायत की स्थिति", "स्थिति",
          "ਮੇਰੀ ਸ਼ਿਕਾਇਤ", "ਮੇਰੀਆਂ ਸ਼ਿਕਾਇਤਾਂ", "ਸ਼ਿਕਾਇਤ ਦੀ ਸਥਿਤੀ", "ਸਥਿਤੀ");

  // Separators people type between the parts; digits of any script (Devanagari, Gurmukhi too).
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?<![\\p{L}\\p{Nd}])(\\p{Alpha}{3})[\\s\\-_./]*(\\p{Nd}{2})[\\s\\-_./]*(\\p{Nd}{6})(?!\\p{Nd})",
          Pattern.CASE_INSENSITIVE);

  private final Set<String> prefixes;
  private final PhraseIndex trackWords;

  CaseNumbers(Set<String> prefixes, List<String> trackWords) {
    this.prefixes = Set.copyOf(prefixes);
    this.trackWords =
        new PhraseIndex(List.of(new MatchTarget("track", trackWords)), Set.of(), PhraseIndex.TYPOS);
  }

  /** The first well-formed case number of a known ULB in the text. */
  Optional<CaseNumber> find(String text) {
    if (text == null || digits(text) < DIGITS) return Optional.empty(); // most messages: no regex
    Matcher matcher = NUMBER.matcher(text);
    while (matcher.find()) {
      String prefix = matcher.group(1).toUpperCase(Locale.ROOT);
      int sequence = number(matcher.group(3));
      if (prefixes.contains(prefix) && sequence > 0) {
        return Optional.of(new CaseNumber(prefix, number(matcher.group(2)), sequence));
      }
    }
    return Optional.empty();
  }

  /** A case number wins over the words: "status of JAL-26-004217" asks after that one case. */
  Optional<TrackRequest> track(String text) {
    Optional<CaseNumber> number = find(text);
    if (number.isPresent()) return Optional.of(new TrackRequest.OneCase(number.get()));
    boolean asks = trackWords.anyWhole(text);
    return asks ? Optional.of(new TrackRequest.OpenCases()) : Optional.empty();
  }

  /** Digits a case number has: the year's two and the sequence's six. */
  private static final int DIGITS = 8;

  /** Decimal digits of any script, as {@code \p{Nd}} counts them, up to {@link #DIGITS}. */
  private static int digits(String text) {
    int count = 0;
    for (int i = 0; i < text.length() && count < DIGITS; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isDigit(c)) count++;
    }
    return count;
  }

  private static int number(String digits) {
    int value = 0;
    for (int i = 0; i < digits.length(); i++) value = value * 10 + Character.digit(digits.charAt(i), 10);
    return value;
  }
}
