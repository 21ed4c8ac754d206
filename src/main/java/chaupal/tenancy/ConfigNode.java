package chaupal.tenancy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One object of a HOCON file, read field by field. Every problem becomes a {@link DirectoryException}
 * naming the file and the field's path ({@code channels[2].languages}), so the loader reads like a
 * description of the format instead of a list of checks.
 */
final class ConfigNode {

  private final String file;
  private final String path;
  private final ConfigObject object;

  private ConfigNode(String file, String path, ConfigObject object) {
    this.file = file;
    this.path = path;
    this.object = object;
  }

  /** Parses a whole file (UTF-8); {@code file} is how messages name it. */
  static ConfigNode parse(Path location, String file) {
    if (!Files.isRegularFile(location)) throw new DirectoryException(file + ": file not found");
    try {
      ConfigObject root =
          ConfigFactory.parseFile(
                  location.toFile(),
                  ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
              .resolve()
              .root();
      return new ConfigNode(file, "", root);
    } catch (ConfigException e) {
      throw new DirectoryException(file + ": " + describe(e));
    }
  }

  /** "line 3: Expecting a value but got ..." without the origin Typesafe Config puts in front. */
  private static String describe(ConfigException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.origin() == null) return message;
    String prefix = e.origin().description() + ": ";
    if (message.startsWith(prefix)) message = message.substring(prefix.length());
    int line = e.origin().lineNumber();
    return line > 0 ? "line " + line + ": " + message : message;
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  ConfigObject object() {
    return object;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  DirectoryException error(String key, String problem) {
    return DirectoryException.at(file, field(key), problem);
  }

  /** Rejects fields this object may not have: a misspelt optional field must not pass silently. */
  ConfigNode allowOnly(String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String key : new TreeSet<>(object.keySet())) {
      if (!allowed.contains(key)) {
        throw error(key, "unknown field (expected " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return this;
  }

  boolean has(String key) {
    ConfigValue value = object.get(key);
    return value != null && value.valueType() != ConfigValueType.NULL;
  }

  private ConfigValue required(String key, ConfigValueType type) {
    if (!has(key)) throw error(key, "missing");
    ConfigValue value = object.get(key);
    if (value.valueType() != type) {
      throw error(key, "must be " + article(type) + ", not " + article(value.valueType()));
    }
    return value;
  }

  String string(String key) {
    String text = (String) required(key, ConfigValueType.STRING).unwrapped();
    if (text.isBlank()) throw error(key, "must not be empty");
    return text;
  }

  /** A string that must match {@code pattern}; {@code expected} says in words what it should look like. */
  String string(String key, Pattern pattern, String expected) {
    String text = string(key);
    if (!pattern.matcher(text).matches()) throw error(key, quote(text) + " is not " + expected);
    return text;
  }

  Optional<String> optionalString(String key, Pattern pattern, String expected) {
    return has(key) ? Optional.of(string(key, pattern, expected)) : Optional.empty();
  }

  int integer(String key, int min, int max) {
    ConfigValue value = required(key, ConfigValueType.NUMBER);
    Object number = value.unwrapped();
    if (!(number instanceof Integer) && !(number instanceof Long)) {
      throw error(key, "must be a whole number, not " + number);
    }
    long n = ((Number) number).longValue();
    if (n < min || n > max) throw error(key, "must be between " + min + " and " + max + ", not " + n);
    return (int) n;
  }

  int integer(String key, int min, int max, int fallback) {
    return has(key) ? integer(key, min, max) : fallback;
  }

  /** A non-empty list of non-empty strings. */
  List<String> strings(String key) {
    ConfigList list = (ConfigList) required(key, ConfigValueType.LIST);
    if (list.isEmpty()) throw error(key, "must not be empty");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
        throw error(key + "[" + i + "]", "must be a non-empty string, not " + article(item.valueType()));
      }
      out.add((String) item.unwrapped());
    }
    return out;
  }

  ConfigNode node(String key) {
    return new ConfigNode(file, field(key), (ConfigObject) required(key, ConfigValueType.OBJECT));
  }

  /** The objects of a list field; an absent optional list is empty. */
  List<ConfigNode> nodes(String key, boolean required) {
    if (!required && !has(key)) return List.of();
    ConfigList list = (ConfigList) required(key, ConfigValueType.LIST);
    if (required && list.isEmpty()) throw error(key, "must not be empty");
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = field(key) + "[" + i + "]";
      ConfigValue item = list.get(i);
      if (item.valueType() != ConfigValueType.OBJECT) {
        throw DirectoryException.at(file, itemPath, "must be an object, not " + article(item.valueType()));
      }
      out.add(new ConfigNode(file, itemPath, (ConfigObject) item));
    }
    return out;
  }

  /**
   * A text per language: {@code key { en = "...", hi = "..." }}. Each language must be supported;
   * each of {@code required} must be present, and its value says why it is required.
   */
  LocalizedText localized(String key, Set<String> supported, Map<String, String> required) {
    ConfigNode texts = node(key);
    Map<String, String> byLanguage = new HashMap<>();
    for (String language : new TreeSet<>(texts.object.keySet())) {
      if (!supported.contains(language)) {
        throw texts.error(language, quote(language) + " is not a supported language (" + list(supported) + ")");
      }
      byLanguage.put(language, texts.string(language));
    }
    for (Map.Entry<String, String> need : new TreeMap<>(required).entrySet()) {
      if (!byLanguage.containsKey(need.getKey())) {
        throw error(key, "missing " + need.getKey() + " (" + need.getValue() + ")");
      }
    }
    if (byLanguage.isEmpty()) throw error(key, "must give the text in at least one language");
    return new LocalizedText(byLanguage);
  }

  /** Every value of this object and below, by dotted path (for catalogs). */
  Set<Map.Entry<String, ConfigValue>> leaves() {
    return object.toConfig().entrySet();
  }

  static String quote(String text) {
    return "\"" + text + "\"";
  }

  static String list(Set<String> items) {
    return String.join(", ", new TreeSet<>(items));
  }

  static String article(ConfigValueType type) {
    return switch (type) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NUMBER -> "a number";
      case BOOLEAN -> "true/false";
      case NULL -> "null";
      case STRING -> "a string";
    };
  }
}
