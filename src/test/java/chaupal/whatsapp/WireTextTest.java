package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import chaupal.StorableText;
import org.junit.jupiter.api.Test;

/** A citizen's text is cleaned by the one rule of what a text column takes, the one the officials' desk refuses by. */
class WireTextTest {

  @Test
  void aC1ControlCharacterIsDroppedAsTheOfficialsDeskRefusesIt() {
    String written = "ward 3\u0085 pipe\u009b burst";
    assertEquals(6, StorableText.firstUnstorable(written), "the desk would refuse it at this position");
    assertEquals("ward 3 pipe burst", WireText.clean(written));
  }

  @Test
  void textThatCanBeStoredIsReturnedAsItIs() {
    String written = "caf\u00e9\t\u0928\u092e\u0938\u094d\u0924\u0947\r\n\uD83D\uDC4D \u200D";
    assertSame(written, WireText.clean(written));
  }
}
