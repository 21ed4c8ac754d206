package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseNumbersTest {

  private final CaseNumbers numbers = new CaseNumbers(Set.of("JAL", "ZRK", "MOH"), CaseNumbers.COMMON_TRACK_WORDS);
  private static final CaseNumber JAL = new CaseNumber("JAL", 26, 4217);

  @Test
  void formatsWithDashesAndZeros() {
    assertEquals("JAL-26-004217", JAL.toString());
    assertEquals("ZRK-07-000001", new CaseNumber("ZRK", 7, 1).toString());
  }

  @Test
  void refusesMalformedParts() {
    assertThrows(IllegalArgumentException.class, () -> new CaseNumber("JA", 26, 1));
    assertThrows(IllegalArgumentException.class, () -> new CaseNumber("jal", 26, 1));
    assertThrows(IllegalArgumentException.class, () -> new CaseNumber("JAL", 100, 1));
    assertThrows(IllegalArgumentException.class, () -> new CaseNumber("JAL", 26, 1_000_000));
    assertThrows(IllegalArgumentException.class, () -> new CaseNumber("JAL", 26, 0));
  }

  @Test
  void foundInsideSentencesAsTypedOnAPhone() {
    for (String message : List.of("JAL-26-004217", "मेरी शिकायत JAL-26-004217 का क्या हुआ?", "jal 26 004217",
        "JAL26004217", "status of jal-26-004217 please", "ਮੇਰੀ ਸ਼ਿਕਾਇਤ Jal 26-004217?", "JAL-२६-००४२१७",
        "case:JAL.26.004217")) {
      assertEquals(Optional.of(JAL), numbers.find(message), message);
    }
  }

  @Test
  void notFoundWhenMalformedOrOfNoKnownUlb() {
    for (String message : List.of("JAL-26-04217", "JAL-26-0042170", "ABC-26-004217", "XJAL-26-004217",
        "JAL-26-000000", "call 9198000100", "paani nahi aa raha", "", "JAL 2 6004217")) {
      assertEquals(Optional.empty(), numbers.find(message), message);
    }
  }

  @Test
  void aNumberAsksAfterThatCaseAndTheWordsAfterAllOpenOnes() {
    assertEquals(Optional.of(new TrackRequest.OneCase(JAL)), numbers.track("मेरी शिकायत JAL-26-004217 का क्या हुआ?"));
    for (String message : List.of("status", "Status?", "my complaints", "मेरी शिकायतें", "meri shikayat ka kya hua",
        "ਮੇਰੀਆਂ ਸ਼ਿਕਾਇਤਾਂ", "meri shikayatein", "complaint status", "स्थिति")) {
      assertEquals(Optional.of(new TrackRequest.OpenCases()), numbers.track(message), message);
    }
  }

  @Test
  void fileAComplaintIsNotTracking() {
    for (String message : List.of("shikayat darj karni hai", "complaint", "paani nahi aa raha", "hello", "meri gali")) {
      assertEquals(Optional.empty(), numbers.track(message), message);
    }
  }
}
