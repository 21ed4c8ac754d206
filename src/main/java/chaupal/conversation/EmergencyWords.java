package chaupal.conversation;

import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Spots an emergency in any script, so the emergency numbers go out before and besides any flow.
 * Whole words only ("fire" is not in "firewall"), and a slip only in long words ("ambulence"): a
 * short one would turn "file" or "fir" into "fire".
 */
final class EmergencyWords {

  /** Words that mean an emergency in every deployment; a tenant may add its own. */
  static final List<String> COMMON =
      List.of(
          "emergency", "fire", "accident", "ambulance", "aag", "hadsa", "durghatna", "bachao",
          "आग", "दुर्घटना", "हादसा", "एम्बुलेंस", "आपातकाल", "बचाओ",
          "ਅੱਗ", "ਹਾਦਸਾ", "ਦੁਰਘਟਨਾ", "ਐਂਬੂਲੈਂਸ", "ਬਚਾਓ",
          // The English words as people write them in Devanagari and Gurmukhi.
          "इमरजेंसी", "एमरजेंसी", "एक्सीडेंट", "ऐक्सीडेंट", "ਐਮਰਜੈਂਸੀ", "ਇਮਰਜੈਂਸੀ", "ਐਕਸੀਡੈਂਟ");

  private static final IntUnaryOperator LONG_WORDS_ONLY = length -> length < 6 ? 0 : 1;

  private final PhraseIndex index;

  EmergencyWords(List<String> words) {
    this.index = new PhraseIndex(List.of(new MatchTarget("emergency", words)), Set.of(), LONG_WORDS_ONLY);
  }

  boolean in(String text) {
    return index.anyWhole(text);
  }
}
