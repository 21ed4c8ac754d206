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

  @Test
  void phoneNumbersInATextShowTheirLastFourDigits() {
    assertEquals("Citizen|********0001#1#0 to ********0002", PhoneNumbers.maskIn("Citizen|919800010001#1#0 to 919800010002"));
    assertEquals("Ask timed out on [EntityRef(EntityTypeKey[Citizen], ********0003)]",
        PhoneNumbers.maskIn("Ask timed out on [EntityRef(EntityTypeKey[Citizen], 919800010003)]"));
    assertEquals("+********0004, ****5678 and ********2345", PhoneNumbers.maskIn("+919800010004, 12345678 and 123456789012345"),
        "8 to 15 digits, with or without a plus");
    assertEquals("akka://chaupal/system/sharding/Citizen/7/********0005", PhoneNumbers.maskIn("akka://chaupal/system/sharding/Citizen/7/919800010005"));
  }

  @Test
  void businessScopedIdsKeepTheirCountry() {
    assertEquals("PersistenceId [Citizen|IN.***1AbC]", PhoneNumbers.maskIn("PersistenceId [Citizen|IN.7301AbC]"));
    assertEquals("Citizen|US.********1918#2#0", PhoneNumbers.maskIn("Citizen|US.13491208655302741918#2#0"));
    assertEquals("to US.ENT.********1918", PhoneNumbers.maskIn("to US.ENT.11813491208655302741918"));
  }

  @Test
  void everythingElseStays() {
    for (String text : new String[] {
        "", "Outbox 3: 12 messages waiting after 5000 ms on 127.0.0.1:25520",
        "sequence number [1234567]", "a run too long for a phone number: 1234567890123456789",
        "at akka.persistence.typed.internal.Running.onCommand(Running.scala:123)",
        "io.netty, ch.qos.logback and java.util", "OK. Next", "Citizen|(none)", "wamid.HBgMOTE5ODAwMDEwMDAxFQIAERgSQ0ZBQjA"}) {
      assertSame(text, PhoneNumbers.maskIn(text), text);
    }
    assertNull(PhoneNumbers.maskIn(null));
  }
}
