package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  @Test
  void onlyTheLastFourDigitsShow() {
    assertEquals("********0001", PhoneNumbers.mask("919800000001"));
    assertFalse(PhoneNumbers.mask("919800000001").contains("9198"));
    assertEquals("****", PhoneNumbers.mask("1234"));
    assertEquals("(none)", PhoneNumbers.mask(null));
    assertEquals("********1918", PhoneNumbers.mask("US.13491208655302741918"), "long ids show at most 8 stars and 4 characters");
  }
}
