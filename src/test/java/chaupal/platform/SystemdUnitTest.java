package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files in deploy/vm against what the node and CERT-In need. */
class SystemdUnitTest {

  private static final Path DIR = Path.of("deploy", "vm");

  @Test
  void systemdWaitsForCoordinatedShutdownBeforeItKills() throws IOException {
    long stop = Long.parseLong(setting("chaupal.service", "TimeoutStopSec"));
    long shutdown = ShutdownTime.worstCase(ConfigFactory.load()).toSeconds();
    assertTrue(stop >= shutdown, "TimeoutStopSec " + stop + " < coordinated shutdown's " + shutdown + " s");
    assertEquals("SIGTERM", setting("chaupal.service", "KillSignal"));
    assertEquals("143", setting("chaupal.service", "SuccessExitStatus"), "the JVM ends a SIGTERM with 143: a clean stop, not a failure");
    assertEquals("always", setting("chaupal.service", "Restart"), "a downed node exits 0 and must come back");
    assertEquals("/etc/chaupal/chaupal.env", setting("chaupal.service", "EnvironmentFile"));
  }

  @Test
  void logsAreKeptAtLeast180DaysAsCertInRequires() throws IOException {
    assertEquals("persistent", setting("journald-retention.conf", "Storage"));
    String kept = setting("journald-retention.conf", "MaxRetentionSec");
    assertTrue(Duration.ofDays(Long.parseLong(kept.replace("day", ""))).toDays() >= 180, kept);
    String rotate = Files.readAllLines(DIR.resolve("logrotate-postgresql")).stream().map(String::trim)
        .filter(l -> l.startsWith("rotate ")).findFirst().orElseThrow();
    assertTrue(Files.readString(DIR.resolve("logrotate-postgresql")).contains("daily"));
    assertTrue(Integer.parseInt(rotate.substring("rotate ".length())) >= 180, rotate);
  }

  @Test
  void clocksFollowTheNationalTimeServersOnly() throws IOException {
    List<String> national = List.of("time.nplindia.org", "samay1.nic.in", "samay2.nic.in");
    List<String> servers = Files.readAllLines(DIR.resolve("chrony-india.conf")).stream()
        .filter(l -> l.startsWith("server ") || l.startsWith("pool ")).map(l -> l.split("\\s+")[1]).toList();
    assertEquals(national, servers);
    assertEquals(String.join(" ", national), setting("timesyncd-india.conf", "NTP"));
    assertEquals("", setting("timesyncd-india.conf", "FallbackNTP"), "no foreign pool as a fallback");
  }

  @Test
  void theEnvironmentFileLogsJsonKeepsToAPortfolioLimitAndNamesTheMissedCallSecret() throws IOException {
    // CHAUPAL_LOG_FORMAT: "json" (any case), as another value stops the start.
    assertEquals("json", setting("chaupal.env.example", "CHAUPAL_LOG_FORMAT"), "JSON lines for the data centre's log server");
    assertTrue(Integer.parseInt(setting("chaupal.env.example", "CHAUPAL_DAILY_UNIQUE_USERS")) > 0,
        "Meta starts a portfolio at 250 unique users a day; unlimited is for the deployer to choose");
    assertTrue(setting("chaupal.env.example", "CHAUPAL_RATE_MARKETING").matches("[0-9.]+"));
    assertTrue(setting("chaupal.env.example", "CHAUPAL_MISSED_CALL_SECRET").startsWith("change-me"),
        "without it POST /webhooks/missed-call answers 503");
  }

  /** A key=value line of an INI-style file (systemd's units and their drop-ins). */
  private static String setting(String file, String key) throws IOException {
    return Files.readAllLines(DIR.resolve(file)).stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
        .findFirst().orElseThrow(() -> new AssertionError(file + " has no " + key));
  }
}
