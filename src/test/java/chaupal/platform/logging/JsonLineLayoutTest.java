package chaupal.platform.logging;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml with CHAUPAL_LOG_FORMAT=json: one JSON line, UTC time with offset, numbers masked. */
class JsonLineLayoutTest {

  static final String CITIZEN = "919800010081";

  @Test
  void aLineIsJsonWithUtcTimeAndMaskedNumbersInMessageMdcAndStackTrace() throws Exception {
    Logger root = shipped(Map.of("CHAUPAL_LOG_FORMAT", "json")).getLogger(Logger.ROOT_LOGGER_NAME);
    assertNull(root.getAppender("STDOUT_text"), "json replaces the text pattern");
    OutputStreamAppender<?> json = (OutputStreamAppender<?>) root.getAppender("STDOUT_json");
    assertNotNull(json, "CHAUPAL_LOG_FORMAT=json picks the JSON appender");

    LoggingEvent event = new LoggingEvent(Logger.class.getName(), root, Level.WARN, "send to {} refused", 
        new IllegalStateException("persistence failed for Citizen|" + CITIZEN), new Object[] {CITIZEN});
    event.setInstant(Instant.parse("2026-12-01T18:00:00.123Z"));
    event.setMDCPropertyMap(Map.of("akkaSource", "akka://chaupal/system/sharding/Citizen/7/" + CITIZEN));
    @SuppressWarnings("unchecked")
    byte[] bytes = ((ch.qos.logback.core.encoder.Encoder<LoggingEvent>) json.getEncoder()).encode(event);
    String line = new String(bytes, StandardCharsets.UTF_8);

    assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
    assertFalse(line.contains(CITIZEN), "no full number: " + line);
    JsonNode parsed = new ObjectMapper().readTree(line);
    assertEquals("2026-12-01T18:00:00.123Z", parsed.get("time").asText());
    assertEquals("WARN", parsed.get("level").asText());
    assertTrue(parsed.get("message").asText().startsWith("send to ") && parsed.get("message").asText().endsWith("0081 refused"),
        parsed.toString());
    assertTrue(parsed.get("mdc").get("akkaSource").asText().endsWith("0081"), parsed.toString());
    assertTrue(parsed.get("error").asText().contains("IllegalStateException: persistence failed for Citizen|"), parsed.toString());
    assertTrue(parsed.get("error").asText().contains("0081"), parsed.toString());
  }

  @Test
  void theFormatIsReadInAnyCase() throws Exception {
    Logger root = shipped(Map.of("CHAUPAL_LOG_FORMAT", "JSON")).getLogger(Logger.ROOT_LOGGER_NAME);
    assertNotNull(root.getAppender("STDOUT_json"), "JSON is json");
    assertNotNull(shipped(Map.of("CHAUPAL_LOG_FORMAT", "Text")).getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT_text"));
  }

  @Test
  void withoutTheVariableTheTextPatternStays() throws Exception {
    Logger root = shipped(Map.of()).getLogger(Logger.ROOT_LOGGER_NAME);
    assertNotNull(root.getAppender("STDOUT_text"));
    assertNull(root.getAppender("STDOUT_json"));
  }

  /** Any warning while logback reads its configuration makes it print its whole start-up status at every start. */
  @Test
  void theShippedConfigurationWarnsOfNothingInEitherFormat() throws Exception {
    for (String format : new String[] {"text", "json", ""}) {
      LoggerContext context = shipped(format.isEmpty() ? Map.of() : Map.of("CHAUPAL_LOG_FORMAT", format));
      List<String> warnings = context.getStatusManager().getCopyOfStatusList().stream()
          .filter(s -> s.getEffectiveLevel() >= ch.qos.logback.core.status.Status.WARN).map(Object::toString).toList();
      assertEquals(List.of(), warnings, "CHAUPAL_LOG_FORMAT=" + format);
    }
  }

  /** A fresh context configured from the shipped logback.xml (not the tests' logback-test.xml). */
  private static LoggerContext shipped(Map<String, String> properties) throws Exception {
    LoggerContext context = new LoggerContext();
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(JsonLineLayoutTest.class.getResource("/logback.xml"));
    return context;
  }
}
