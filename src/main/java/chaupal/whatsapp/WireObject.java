package chaupal.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One JSON object of a webhook body together with its path from the root, so that every complaint
 * says where it is. Absent and {@code null} members read alike; present members of the wrong JSON
 * type are malformed. Unknown members are ignored.
 */
final class WireObject {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private final JsonNode node;
  private final String path;

  private WireObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static WireObject root(JsonNode node) throws WireProblem {
    if (node == null || !node.isObject()) throw new WireProblem("", "not a JSON object");
    return new WireObject(node, "");
  }

  WireProblem problem(String what) {
    return new WireProblem(path, what);
  }

  private String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private JsonNode member(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /** A string member as it is on the wire, or null when absent, null or empty. */
  private String optString(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) return null;
    if (!value.isTextual()) throw problem(name + " is not a string");
    String text = value.textValue();
    return text.isEmpty() ? null : text;
  }

  /** Free text (a citizen's words, a name, a caption), cleaned by {@link WireText#clean}; null when absent, null or empty. */
  String optText(String name) throws WireProblem {
    String text = optString(name);
    if (text == null) return null;
    if (text.length() > WireText.MAX_TEXT) throw problem(name + " is longer than " + WireText.MAX_TEXT + " characters");
    return WireText.clean(text);
  }

  /** The shapes of the ids a webhook carries; each becomes a key or a column, so each is checked where it is read. */
  enum Shape {
    ID("an id (up to " + WireText.MAX_ID + " printable ASCII characters)"),
    PHONE_NUMBER("a phone number (" + WireText.MIN_PHONE_DIGITS + " to " + WireText.MAX_PHONE_DIGITS + " digits)"),
    USER_ID("a business-scoped user id"),
    PHONE_NUMBER_ID("a phone number id (up to " + WireText.MAX_PHONE_NUMBER_ID + " digits)");

    private final String described;

    Shape(String described) {
      this.described = described;
    }

    boolean fits(String s) {
      return switch (this) {
        case ID -> WireText.isToken(s, WireText.MAX_ID);
        case PHONE_NUMBER -> WireText.isPhoneNumber(s);
        case USER_ID -> UserIds.isBusinessScoped(s);
        case PHONE_NUMBER_ID -> s.length() <= WireText.MAX_PHONE_NUMBER_ID && WireText.isDigits(s);
      };
    }
  }

  /** A string member of that shape, or null when absent, null or empty. */
  String optId(String name, Shape shape) throws WireProblem {
    String id = optString(name);
    if (id != null && !shape.fits(id)) throw problem(name + " is not " + shape.described);
    return id;
  }

  String id(String name, Shape shape) throws WireProblem {
    String id = optId(name, shape);
    if (id == null) throw problem("missing " + name);
    return id;
  }

  String text(String name) throws WireProblem {
    String text = optText(name);
    if (text == null) throw problem("missing " + name);
    return text;
  }

  boolean optBoolean(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) return false;
    if (!value.isBoolean()) throw problem(name + " is not a boolean");
    return value.booleanValue();
  }

  /** A number within [min, max]: what is outside is no coordinate and may be infinite. */
  double number(String name, double min, double max) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) throw problem("missing " + name);
    if (!value.isNumber()) throw problem(name + " is not a number");
    double d = value.doubleValue();
    if (!(d >= min && d <= max)) throw problem(name + " is not between " + min + " and " + max);
    return d;
  }

  /** Unix seconds; Meta sends them as a string of digits, a bare number is accepted too. */
  Instant epochSeconds(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) throw problem("missing " + name);
    long seconds;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      seconds = value.longValue();
    } else if (value.isTextual() && DIGITS.matcher(value.textValue()).matches()) {
      seconds = Long.parseLong(value.textValue());
    } else {
      throw problem(name + " is not Unix seconds");
    }
    // Past 9999 is no real time, and PostgreSQL's timestamps and epoch milliseconds both end not far beyond.
    if (seconds < 0 || seconds > LAST_SECOND) throw problem(name + " is out of range");
    return Instant.ofEpochSecond(seconds);
  }

  Optional<WireObject> optObject(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) return Optional.empty();
    if (!value.isObject()) throw problem(name + " is not an object");
    return Optional.of(new WireObject(value, child(name)));
  }

  WireObject object(String name) throws WireProblem {
    return optObject(name).orElseThrow(() -> problem("missing " + name));
  }

  /** The objects of an array member; an absent member is an empty list. */
  List<WireObject> objects(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) return List.of();
    if (!value.isArray()) throw problem(name + " is not an array");
    List<WireObject> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      String at = child(name) + "[" + i + "]";
      if (!element.isObject()) throw new WireProblem(at, "not an object");
      out.add(new WireObject(element, at));
    }
    return out;
  }

  /**
   * Every element of an array member, objects or not, each with its path: the parser takes the
   * good ones and sets the others aside one by one. An absent member is an empty list.
   */
  List<WireObject> elements(String name) throws WireProblem {
    JsonNode value = member(name);
    if (value == null) return List.of();
    if (!value.isArray()) throw problem(name + " is not an array");
    List<WireObject> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) out.add(new WireObject(value.get(i), child(name) + "[" + i + "]"));
    return out;
  }

  /** This element as an object; an element of {@link #elements} may be anything. */
  WireObject requireObject() throws WireProblem {
    if (!node.isObject()) throw problem("not an object");
    return this;
  }

  /** The element as JSON, ASCII only (no NUL or other control character unescaped), at most {@code max} characters. */
  String raw(int max) {
    String json = new String(MetaJson.write(node), java.nio.charset.StandardCharsets.US_ASCII);
    return json.length() <= max ? json : json.substring(0, max) + "...";
  }

  boolean has(String name) {
    return member(name) != null;
  }

  JsonNode node() {
    return node;
  }

  String path() {
    return path;
  }
}
