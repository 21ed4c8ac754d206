package chaupal.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final Catalog catalog = new Catalog("hi", Map.of(
      "plain", "नमस्ते, आपका स्वागत है",
      "one", "{tenant} में आपका स्वागत है",
      "two", "नमस्ते {name}, {tenant} आपकी सेवा में।",
      "adjacent", "{a}{b}",
      "edge", "{name}"), Map.of("greetings", List.of("hi", "नमस्ते")));

  @Test
  void textWithoutPlaceholdersComesBackAsWritten() {
    assertEquals("नमस्ते, आपका स्वागत है", catalog.text("plain"));
    assertEquals("नमस्ते, आपका स्वागत है", catalog.text("plain", Map.of("name", "unused")));
  }

  @Test
  void everyPlaceholderIsReplacedWithTheTextAroundItKept() {
    assertEquals("सागर में आपका स्वागत है", catalog.text("one", Map.of("tenant", "सागर")));
    assertEquals("नमस्ते Asha, Sagar आपकी सेवा में।", catalog.text("two", Map.of("name", "Asha", "tenant", "Sagar")));
    assertEquals("xy", catalog.text("adjacent", Map.of("a", "x", "b", "y")));
    assertEquals("", catalog.text("edge", Map.of("name", "")));
  }

  @Test
  void aValueIsInsertedLiterallyEvenWhenItLooksLikeAPlaceholder() {
    assertEquals("नमस्ते {tenant}, Sagar आपकी सेवा में।", catalog.text("two", Map.of("name", "{tenant}", "tenant", "Sagar")));
  }

  @Test
  void aMissingValueOrKeyIsAProgrammingErrorThatNamesIt() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> catalog.text("two", Map.of("name", "Asha")));
    assertTrue(missing.getMessage().contains("{tenant}"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> catalog.text("absent"));
  }
}
