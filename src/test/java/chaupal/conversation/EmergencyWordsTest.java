package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmergencyWordsTest {

  private final EmergencyWords emergency = new EmergencyWords(EmergencyWords.COMMON);

  @Test
  void emergenciesInEveryScript() {
    for (String message : List.of("FIRE!!", "fire in the market", "Aag lagi hai", "आग लगी है", "मेरे घर में आग",
        "ਅੱਗ ਲੱਗ ਗਈ", "accident ho gaya", "दुर्घटना हुई", "ਹਾਦਸਾ ਹੋ ਗਿਆ", "EMERGENCY", "need ambulance",
        "ambulence chahiye", "emergncy please", "bachao", "ਬਚਾਓ", "एम्बुलेंस भेजो", "hadsa")) {
      assertTrue(emergency.in(message), message);
    }
  }

  @Test
  void theEnglishWordsAsHindiAndPunjabiWriteThem() {
    for (String message : List.of("इमरजेंसी है", "एमरजेंसी", "इमर्जेंसी", "ਐਮਰਜੈਂਸੀ", "ਇਮਰਜੈਂਸੀ ਹੈ", "एक्सीडेंट हो गया", "ऐक्सीडेंट", "एक्सिडेंट",
        "ਐਕਸੀਡੈਂਟ ਹੋ ਗਿਆ", "एंबुलेंस भेजो", "ਐਂਬੂਲੈਂਸ")) {
      assertTrue(emergency.in(message), message);
    }
  }

  @Test
  void notInsideOtherWordsNorFromShortSlips() {
    for (String message : List.of("firewall", "bonfire festival", "file a complaint", "FIR darj karni hai",
        "paani nahi aa raha", "agar light aaye", "accidental", "aa gaya", "hello", "", "सागर")) {
      assertFalse(emergency.in(message), message);
    }
  }

  @Test
  void aTenantsOwnWordsCount() {
    EmergencyWords flood = new EmergencyWords(List.of("flood", "baadh", "बाढ़", "ਹੜ੍ਹ"));
    assertTrue(flood.in("बाढ़ आ गई"));
    assertTrue(flood.in("badh aa gayi"));
    assertTrue(flood.in("ਹੜ੍ਹ"));
    assertFalse(flood.in("fire"));
  }
}
