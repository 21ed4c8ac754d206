package chaupal.loadtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An urban local body a state channel serves, as the deployment's {@code project-config/} lists it:
 * a citizen of it shares a location at its centre, which the bot takes for the nearest ULB.
 */
record Ulb(String code, String name, double latitude, double longitude) {

  /** The tenant's ULBs from {@code tenants/<tenant>/ulbs.conf} under {@code -DprojectConfig} (by default the repository's). */
  static List<Ulb> of(String tenant) {
    Path file = configDir().resolve("tenants").resolve(tenant).resolve("ulbs.conf");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + file.toAbsolutePath() + ": give -DprojectConfig=<the server's project-config directory>");
    }
    Config config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    List<Ulb> ulbs = config.getConfigList("ulbs").stream()
        .map(u -> new Ulb(u.getString("code"), u.getString("name.en"), u.getDouble("latitude"), u.getDouble("longitude")))
        .toList();
    if (ulbs.isEmpty()) throw new IllegalArgumentException(file.toAbsolutePath() + " lists no ULB");
    return ulbs;
  }

  Filing.Place place() {
    return new Filing.Place("Near the centre of " + name, name, latitude, longitude);
  }

  private static Path configDir() {
    String given = RunParameters.string("projectConfig", "");
    if (!given.isEmpty()) return Path.of(given);
    // Gatling runs in loadtest/ or in the repository's root, depending on how Maven was started.
    Path here = Path.of("project-config");
    return Files.isDirectory(here) ? here : Path.of("..", "project-config");
  }
}
