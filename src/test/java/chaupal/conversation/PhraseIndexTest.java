package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseIndexTest {

  private final PhraseIndex categories =
      new PhraseIndex(ComplaintMatcherTest.CATEGORIES, StopWords.KEYS, PhraseIndex.TYPOS);

  private static final List<String> MESSAGES =
      List.of(
          "paani nahi aa raha", "पानी नहीं आ रहा", "street light kharab hai", "ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ",
          "stray", "dog", "awara", "awara kutte ghoom rahe hain", "sadak", "sadak kharab hai", "streat lihgt",
          "sewrage overflow", "ganda", "ganda paani nali mein", "hello", "", "12345", "water water water",
          "lamp", "lamp post", "post");

  @Test
  void aPhraseMetWholeIsFoundTheCheapWayAsTheFullScoringFindsIt() {
    for (String message : MESSAGES) {
      boolean whole = categories.hits(message).stream().anyMatch(PhraseIndex.Hit::whole);
      assertEquals(whole, categories.anyWhole(message), message);
    }
    assertTrue(categories.anyWhole("awara kutte ghoom rahe hain"));
    assertFalse(categories.anyWhole("awara"), "half of \"awara kutte\" is not the phrase");
  }

  @Test
  void aTargetScoresItsBestPhraseAndAWordMetTwiceCountsOnce() {
    List<PhraseIndex.Hit> hits = categories.hits("lamp post lamp");
    assertEquals("StreetLights", hits.get(0).id());
    assertTrue(hits.get(0).whole());
    assertEquals(1.25, hits.get(0).score(), 1e-9, "both words of \"lamp post\" met exactly, a quarter for the second");
    assertEquals(List.of(), categories.hits("hello there"));
  }
}
