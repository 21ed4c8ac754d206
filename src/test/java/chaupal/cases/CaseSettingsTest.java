package chaupal.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaseSettingsTest {

  @Test
  void theFilingProjectionWaitsLongerForACaseThanAnOfficialDoes() {
    CaseSettings settings = CaseSettings.from(ConfigFactory.load());
    assertEquals(Duration.ofSeconds(5), settings.askTimeout());
    assertEquals(Duration.ofSeconds(20), settings.filingAskTimeout());
  }

  @Test
  void aFilingTimeoutShorterThanTheAsksIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CaseSettings(4, 20, Duration.ofDays(10), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("chaupal.cases.filing-ask-timeout"), e.getMessage());
  }
}
