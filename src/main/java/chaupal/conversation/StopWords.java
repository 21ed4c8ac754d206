package chaupal.conversation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Words that say nothing about which problem or place a message is about, in English, Hindi,
 * Punjabi and their romanised forms, kept as {@link TextKey} keys so every spelling is covered.
 */
final class StopWords {

  private static final List<String> WORDS =
      List.of(
          // English
          "the", "a", "an", "is", "are", "was", "were", "not", "no", "in", "on", "at", "of", "to",
          "my", "our", "and", "or", "there", "here", "it", "this", "that", "near", "very", "since",
          "from", "for", "with", "has", "have", "been", "do", "does", "please", "kindly", "sir",
          "madam", "i", "we", "me", "us", "thank", "thanks", "you", "your", "any", "some",
          // romanised Hindi
          "nahi", "nahin", "nhi", "hai", "hain", "he", "ka", "ki", "ke", "ko", "se", "mein", "mai",
          "main", "mera", "meri", "mere", "hamara", "hamari", "hamare", "aa", "raha", "rahi",
          "rahe", "gaya", "gayi", "gai", "ho", "hua", "hui", "bahut", "bhi", "koi", "kuch", "kya",
          "par", "pe", "ye", "yeh", "vo", "woh", "aur", "ji", "din", "tak", "sab", "ek",
          // romanised Punjabi
          "nai", "ni", "da", "di", "de", "nu", "ton", "vich", "ch", "te", "ae", "sada", "sadi",
          "sade", "riha", "pya", "pia", "gya", "bohat", "hor",
          // Hindi
          "नहीं", "है", "हैं", "का", "की", "के", "को", "से", "में", "मेरा", "मेरी", "मेरे", "हमारा",
          "हमारी", "आ", "रहा", "रही", "रहे", "गया", "गई", "हो", "हुआ", "बहुत", "भी", "कोई", "पर",
          "यह", "वह", "ये", "वो", "और", "जी",
          // Punjabi
          "ਨਹੀਂ", "ਹੈ", "ਹਨ", "ਦਾ", "ਦੀ", "ਦੇ", "ਨੂੰ", "ਤੋਂ", "ਵਿੱਚ", "ਵਿਚ", "ਤੇ", "ਮੇਰਾ", "ਮੇਰੀ",
          "ਸਾਡਾ", "ਸਾਡੀ", "ਆ", "ਰਿਹਾ", "ਰਹੀ", "ਪਿਆ", "ਗਿਆ", "ਗਈ", "ਬਹੁਤ", "ਕੋਈ", "ਜੀ", "ਅਤੇ", "ਹੋ");

  /** The keys of all the words above. */
  static final Set<String> KEYS = keys(WORDS);

  private StopWords() {}

  static Set<String> keys(List<String> words) {
    Set<String> keys = new HashSet<>();
    for (String word : words) keys.addAll(List.of(TextKey.tokens(word)));
    return Set.copyOf(keys);
  }
}
