package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TextKeyTest {

  /** Every typed form has the one key. */
  private static void meet(String key, String... typed) {
    for (String text : typed) assertEquals(key, TextKey.of(text), text);
  }

  @Test
  void waterMeetsInEveryScriptAndSpelling() {
    meet("pani", "paani", "pani", "PAANI", "पानी", "ਪਾਣੀ");
  }

  @Test
  void brokenMeetsWithAndWithoutNukta() {
    meet("karab", "kharab", "Kharaab", "ख़राब", "खराब", "ਖ਼ਰਾਬ", "ਖਰਾਬ");
  }

  @Test
  void finalInherentVowelIsSilentButLongVowelStays() {
    meet("sarak", "sarak", "सड़क", "ਸੜਕ");
    meet("kura", "कूड़ा", "ਕੂੜਾ", "kuura");
    meet("ag", "आग", "aag", "ਅੱਗ");
  }

  @Test
  void nasalsTippiAndSpellingVariantsFold() {
    meet("nahin", "नहीं", "ਨਹੀਂ", "nahin");
    meet("jalandar", "ਜਲੰਧਰ", "जालंधर", "Jalandhar");
    meet("jirakpur", "Zirakpur", "jirakpur");
    meet("sikayat", "shikayat", "शिकायत");
    meet("avara", "awara", "आवारा");
    meet("fone", "phone");
    meet("ye", "yeh");
  }

  @Test
  void punctuationEmojiAndSpacesGoDigitsOfAnyScriptStay() {
    assertArrayEquals(new String[] {"ligt", "karab", "hai"}, TextKey.tokens("  Light, kharab hai!!! 😡 "));
    meet("gali vic kura pia hai", "ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ");
    meet("42", "४२", "੪੨", "42");
    meet("", "?!  ...", "", null);
  }

  @Test
  void manyThreadsGetTheSameKeys() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> jobs = new ArrayList<>();
      for (int i = 0; i < 200; i++) jobs.add(() -> TextKey.of("पानी नहीं आ रहा ਗਲੀ ਵਿੱਚ ਕੂੜਾ"));
      for (Future<String> key : pool.invokeAll(jobs)) assertEquals("pani nahin a raha gali vic kura", key.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
