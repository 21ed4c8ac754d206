package chaupal.platform.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import chaupal.whatsapp.PhoneNumbers;

/**
 * {@code %maskedEx} in logback.xml: the stack trace, causes' messages included, with phone numbers
 * and BSUIDs masked (Akka's ask timeouts and persistence failures name the entity). Being a
 * throwable converter, it also keeps logback from appending its own unmasked {@code %ex}.
 */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PhoneNumbers.maskIn(super.convert(event));
  }
}
