package chaupal.tenancy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a value sits in {@code project-config/}: a file and a field path such as
 * {@code channels[2].languages}. Its checks fail with a {@link DirectoryException} naming both, so a
 * section's validation reads as a list of rules.
 */
record FieldPath(String file, String path) {

  static FieldPath in(String file) {
    return new FieldPath(file, "");
  }

  FieldPath field(String name) {
    return new FieldPath(file, path.isEmpty() ? name : path + "." + name);
  }

  FieldPath item(int index) {
    return new FieldPath(file, path + "[" + index + "]");
  }

  DirectoryException problem(String problem) {
    return new DirectoryException(file + ": " + path + ": " + problem);
  }

  /** {@code expected} says in words what the value should look like: "an email address". */
  String matches(String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) throw problem(quote(value) + " is not " + expected);
    return value;
  }

  int within(int value, int min, int max) {
    if (value < min || value > max) throw problem("must be between " + min + " and " + max + ", not " + value);
    return value;
  }

  int positive(int value) {
    if (value < 1) throw problem("must be more than 0, not " + value);
    return value;
  }

  /** {@code expected} names the range in words: "a latitude in India". */
  double between(double value, double min, double max, String expected) {
    if (!(value >= min && value <= max)) throw problem(value + " is not " + expected + " (" + min + " to " + max + ")");
    return value;
  }

  /** A reference to something defined elsewhere; {@code what} names it: "a known tenant". */
  String known(String value, Set<String> known, String what) {
    if (!known.contains(value)) throw problem(notKnown(value, known, what));
    return value;
  }

  static String notKnown(String value, Set<String> known, String what) {
    return quote(value) + " is not " + what + " (" + list(known) + ")";
  }

  /** The value must not repeat within one list. */
  void once(String value, Set<String> seen) {
    if (!seen.add(value)) throw problem(quote(value) + " is listed twice");
  }

  /** The value must not repeat across entries; {@code owners} remembers which entry used it first. */
  void firstUse(String value, FieldPath owner, Map<String, FieldPath> owners) {
    FieldPath previous = owners.putIfAbsent(value, owner);
    if (previous != null) throw problem(quote(value) + " is already used by " + previous.path());
  }

  static String quote(String text) {
    return "\"" + text + "\"";
  }

  static String list(Set<String> items) {
    return String.join(", ", new TreeSet<>(items));
  }
}
