package chaupal.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
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

  private final JsonNode node;
  private final String path;

  private WireObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static WireObject root(JsonNode node) throws MalformedWebhookException {
    if (node == null || !node.isObject()) {
      throw new MalformedWebhookException("body: not a JSON object");
    }
    return new WireObject(node, "");
  }

  MalformedWebhookException problem(String what) {
    return new MalformedWebhookException((path.isEmpty() ? "body" : path) + ": " + what);
  }

  private String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private JsonNode member(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /** A string member, or null when absent, null or empty. */
  String optText(String name) throws MalformedWebhookException {
    JsonNode value = member(name);
    if (value == null) return null;
    if (!value.isTextual()) throw problem(name + " is not a string");
    String text = value.textValue();
    return text.isEmpty() ? null : text;
  }

  String text(String name) throws MalformedWebhookException {
    String text = optText(name);
    if (text == null) throw problem("missing " + name);
    return text;
  }

  boolean optBoolean(String name) throws MalformedWebhookException {
    JsonNode value = member(name);
    if (value == null) return false;
    if (!value.isBoolean()) throw problem(name + " is not a boolean");
    return value.booleanValue();
  }

  double number(String name) throws MalformedWebhookException {
    JsonNode value = member(name);
    if (value == null) throw problem("missing " + name);
    if (!value.isNumber()) throw problem(name + " is not a number");
    return value.doubleValue();
  }

  /** Unix seconds; Meta sends them as a string of digits, a bare number is accepted too. */
  Instant epochSeconds(String name) throws MalformedWebhookException {
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
    try {
      return Instant.ofEpochSecond(seconds);
    } catch (DateTimeException e) {
      throw problem(name + " is out of range");
    }
  }

  Optional<WireObject> optObject(String name) throws MalformedWebhookException {
    JsonNode value = member(name);
    if (value == null) return Optional.empty();
    if (!value.isObject()) throw problem(name + " is not an object");
    return Optional.of(new WireObject(value, child(name)));
  }

  WireObject object(String name) throws MalformedWebhookException {
    return optObject(name).orElseThrow(() -> problem("missing " + name));
  }

  /** The objects of an array member; an absent member is an empty list. */
  List<WireObject> objects(String name) throws MalformedWebhookException {
    JsonNode value = member(name);
    if (value == null) return List.of();
    if (!value.isArray()) throw problem(name + " is not an array");
    List<WireObject> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      String at = child(name) + "[" + i + "]";
      if (!element.isObject()) throw new MalformedWebhookException(at + ": not an object");
      out.add(new WireObject(element, at));
    }
    return out;
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
