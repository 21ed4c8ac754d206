package chaupal.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import chaupal.whatsapp.PhoneNumbers;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object a line, for a log collector: {@code time} in UTC with its offset ({@code Z}),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, the MDC (Akka's source, which may
 * name an entity) and {@code error}, the stack trace. Message, MDC values and stack trace are masked
 * as in the text pattern, by {@link PhoneNumbers#maskIn} and {@link MaskedThrowableConverter}.
 * Logback's own JsonEncoder writes the raw message and epoch milliseconds, so it does not serve.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();

  private final MaskedThrowableConverter stackTrace = new MaskedThrowableConverter();

  @Override
  public void start() {
    stackTrace.setContext(getContext());
    stackTrace.start();
    super.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", PhoneNumbers.maskIn(event.getFormattedMessage()));
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        json.writeObjectFieldStart("mdc");
        for (Map.Entry<String, String> e : mdc.entrySet()) json.writeStringField(e.getKey(), PhoneNumbers.maskIn(e.getValue()));
        json.writeEndObject();
      }
      if (event.getThrowableProxy() != null) json.writeStringField("error", stackTrace.convert(event));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a log line could not be written as JSON", e);
    }
    return line.append('\n').toString();
  }
}
