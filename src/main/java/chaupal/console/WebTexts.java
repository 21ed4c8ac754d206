package chaupal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The console's texts, one catalog per language ({@code chaupal/console/web/texts_<lang>.properties},
 * UTF-8). Keys use underscores ({@code queue_title}) so that a template writes {@code {{t.queue_title}}}.
 * Every language has every English key: a missing one fails at start-up, not in front of an official.
 */
final class WebTexts {

  static final List<String> LANGUAGES = List.of("en", "hi");
  static final String DEFAULT = "en";

  private final Map<String, Map<String, String>> byLanguage;

  private WebTexts(Map<String, Map<String, String>> byLanguage) {
    this.byLanguage = byLanguage;
  }

  static WebTexts load() {
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (String lang : LANGUAGES) all.put(lang, read("/chaupal/console/web/texts_" + lang + ".properties"));
    TreeSet<String> english = new TreeSet<>(all.get(DEFAULT).keySet());
    for (String lang : LANGUAGES) {
      TreeSet<String> missing = new TreeSet<>(english);
      missing.removeAll(all.get(lang).keySet());
      if (!missing.isEmpty()) throw new IllegalStateException("console texts_" + lang + ".properties lacks " + missing);
    }
    return new WebTexts(Map.copyOf(all));
  }

  /** The texts of a language, English for one the console does not have. */
  Map<String, String> of(String language) {
    return byLanguage.getOrDefault(language, byLanguage.get(DEFAULT));
  }

  /** One text, with {@code {0}}-style arguments filled in. */
  String text(String language, String key, Object... args) {
    String pattern = of(language).get(key);
    if (pattern == null) throw new IllegalArgumentException("no console text " + key);
    return args.length == 0 ? pattern : java.text.MessageFormat.format(pattern.replace("'", "''"), args);
  }

  static String supported(String language) {
    return language != null && LANGUAGES.contains(language) ? language : DEFAULT;
  }

  private static Map<String, String> read(String resource) {
    try (InputStream in = WebTexts.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing from the classpath");
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> texts = new TreeMap<>();
      p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
      return Map.copyOf(texts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
