package chaupal.platform.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import ch.qos.logback.core.util.OptionHelper;
import java.util.Locale;
import java.util.Optional;

/**
 * CHAUPAL_LOG_FORMAT, read in any case: logback.xml's appender is {@code STDOUT_<format>}, so a spelling
 * it did not know used to write no log at all. An unknown value logs as text until the settings
 * check ({@code chaupal.platform.Settings}) refuses the start with {@link #EXPECTED}.
 */
public final class LogFormat extends PropertyDefinerBase {

  public static final String VARIABLE = "CHAUPAL_LOG_FORMAT";
  public static final String EXPECTED = "json or text (in any case; empty: text)";

  /** The appender's suffix for a configured value: json or text; empty for a value that is neither. */
  public static Optional<String> named(String configured) {
    String format = configured == null || configured.isBlank() ? "text" : configured.trim().toLowerCase(Locale.ROOT);
    return format.equals("json") || format.equals("text") ? Optional.of(format) : Optional.empty();
  }

  @Override
  public String getPropertyValue() {
    return named(OptionHelper.propertyLookup(VARIABLE, getContext(), null)).orElse("text");
  }
}
