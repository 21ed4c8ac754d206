package chaupal.platform.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import chaupal.whatsapp.PhoneNumbers;

/** {@code %maskedMsg} in logback.xml: the formatted message with phone numbers and BSUIDs masked. */
public final class MaskedMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PhoneNumbers.maskIn(super.convert(event));
  }
}
