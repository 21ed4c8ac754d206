package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComplaintMatcherTest {

  /** Mirrors Punjab's categories, keywords in English, Hindi, Punjabi and romanised forms. */
  static final List<MatchTarget> CATEGORIES =
      List.of(
          new MatchTarget("StreetLights", List.of(
              "street light", "streetlight", "light", "lamp post", "batti", "bijli ka khamba",
              "स्ट्रीट लाइट", "लाइट", "बत्ती", "ਸਟ੍ਰੀਟ ਲਾਈਟ", "ਲਾਈਟ", "ਬੱਤੀ")),
          new MatchTarget("Garbage", List.of(
              "garbage", "waste", "trash", "dustbin", "kooda", "kachra", "safai",
              "कूड़ा", "कचरा", "सफाई", "ਕੂੜਾ", "ਕਚਰਾ", "ਸਫ਼ਾਈ")),
          new MatchTarget("Drains", List.of(
              "drain", "sewer", "sewerage", "gutter", "manhole", "nali", "naala", "ganda paani",
              "नाली", "सीवर", "गटर", "गंदा पानी", "ਨਾਲੀ", "ਸੀਵਰ", "ਗਟਰ", "ਗੰਦਾ ਪਾਣੀ")),
          new MatchTarget("WaterSupply", List.of(
              "water", "water supply", "pipeline", "tap", "paani", "nal",
              "पानी", "नल", "पाइपलाइन", "ਪਾਣੀ", "ਪਾਈਪਲਾਈਨ")),
          new MatchTarget("Roads", List.of(
              "road", "pothole", "sadak kharab", "gaddha", "सड़क", "गड्ढा", "ਸੜਕ", "ਟੋਆ")),
          new MatchTarget("StrayAnimals", List.of(
              "stray dog", "stray dogs", "stray cattle", "awara kutte", "awara kutta", "awara pashu", "saand",
              "आवारा कुत्ते", "आवारा पशु", "सांड", "ਅਵਾਰਾ ਕੁੱਤੇ", "ਅਵਾਰਾ ਪਸ਼ੂ", "ਢੱਠਾ")));

  private final ComplaintMatcher matcher = new ComplaintMatcher(CATEGORIES);

  private void confident(String category, String... messages) {
    for (String message : messages) assertEquals(new Match.Confident(category), matcher.match(message), message);
  }

  @Test
  void theIssuesExamples() {
    confident("WaterSupply", "paani nahi aa raha", "पानी नहीं आ रहा");
    confident("StreetLights", "street light kharab hai");
    confident("Garbage", "ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ");
  }

  @Test
  void waterInEveryScript() {
    confident("WaterSupply", "pani nahi aya", "No water since morning", "ਪਾਣੀ ਨਹੀਂ ਆ ਰਿਹਾ", "nal se pani nahi",
        "pipelin leak", "पाइपलाइन फट गई", "Paaniii nhi aa rha");
  }

  @Test
  void streetLightsInEveryScript() {
    confident("StreetLights", "streetlight not working", "स्ट्रीट लाइट खराब है", "ਸਟ੍ਰੀਟ ਲਾਈਟ ਬੰਦ ਹੈ",
        "gali ki batti band hai", "ਬੱਤੀ ਨਹੀਂ ਜਗਦੀ", "लाइट नहीं जल रही", "streat light kharab");
  }

  @Test
  void garbageInEveryScript() {
    confident("Garbage", "garbage not collected", "kooda pada hai", "कूड़ा नहीं उठाया", "कचरा", "ਕੂੜਾ ਨਹੀਂ ਚੁੱਕਿਆ",
        "safai nahi hui", "ਸਫਾਈ ਨਹੀਂ ਹੋਈ", "garbege everywhere", "kachraa");
  }

  @Test
  void drainsInEveryScript() {
    confident("Drains", "drain blocked", "sewerage overflow", "nali band hai", "नाली जाम है", "ਸੀਵਰ ਬੰਦ ਹੈ",
        "gali mein ganda paani bhar gaya", "गंदा पानी भर गया", "sewrage problem", "manhole open");
  }

  @Test
  void roadsAndStrayAnimalsInEveryScript() {
    confident("Roads", "road broken", "big pothole", "सड़क टूटी है", "ਸੜਕ ਵਿੱਚ ਟੋਆ", "gaddha hai", "potholes");
    confident("StrayAnimals", "stray dogs in our street", "awara kutte bahut hai", "आवारा कुत्ते", "ਅਵਾਰਾ ਕੁੱਤੇ",
        "awaara kutta", "आवारा पशु सड़क पर", "ਢੱਠਾ ਗਲੀ ਵਿੱਚ");
  }

  @Test
  void twoProblemsOrAHalfPhraseOfferTheBestFew() {
    assertEquals(new Match.Unsure(List.of("Garbage", "StreetLights")), matcher.match("light aur kachra dono"));
    assertEquals(new Match.Unsure(List.of("StrayAnimals")), matcher.match("awara"));
    assertEquals(new Match.Unsure(List.of("WaterSupply")), matcher.match("pypelyne leak"));
  }

  @Test
  void greetingsAndThanksMatchNothing() {
    for (String message : List.of("hello", "thank you", "good morning", "kya haal hai", "ok", "", "🙏", "नमस्ते",
        "ਸਤ ਸ੍ਰੀ ਅਕਾਲ", "nahi hai", "fire")) {
      assertEquals(Match.NONE, matcher.match(message), message);
    }
  }

  @Test
  void shortWordsNeedTheirExactSpelling() {
    assertEquals(Match.NONE, matcher.match("tip"));
    assertEquals(Match.NONE, matcher.match("nail"));
  }

  @Test
  void aKeywordOfOnlyStopWordsIsRefusedWithItsCategory() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class,
            () -> new ComplaintMatcher(List.of(new MatchTarget("Water", List.of("nahi hai")))));
    assertEquals("Water: \"nahi hai\" has no word that tells it apart (only stop words or no letters)",
        refused.getMessage());
  }
}
