package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.whatsapp.OutgoingContent.Button;
import chaupal.whatsapp.OutgoingContent.ListMessage;
import chaupal.whatsapp.OutgoingContent.ReplyButtons;
import chaupal.whatsapp.OutgoingContent.Row;
import chaupal.whatsapp.OutgoingContent.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OutgoingLimitsTest {

  private static void refused(String expectedMessagePart, Executable construction) {
    String message = assertThrows(IllegalArgumentException.class, construction).getMessage();
    assertTrue(message.contains(expectedMessagePart), message);
  }

  private static String x(int n) {
    return "x".repeat(n);
  }

  private static List<Button> buttons(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Button("b" + i, "B" + i)).toList();
  }

  private static List<Row> rows(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> new Row(prefix + i, "Row " + i, null)).toList();
  }

  @Test
  void text() {
    assertEquals(4096, new OutgoingContent.Text(x(4096), false).body().length());
    refused("text body is 4097 characters, the limit is 4096", () -> new OutgoingContent.Text(x(4097), false));
    refused("text body is required", () -> new OutgoingContent.Text(" ", false));
  }

  @Test
  void replyButtons() {
    new ReplyButtons(x(60), x(1024), x(60), buttons(3));
    refused("1 to 3 buttons, not 0", () -> new ReplyButtons(null, "b", null, List.of()));
    refused("1 to 3 buttons, not 4", () -> new ReplyButtons(null, "b", null, buttons(4)));
    refused("button title is 21 characters, the limit is 20", () -> new Button("id", x(21)));
    new Button(x(256), x(20));
    refused("button id is 257 characters, the limit is 256", () -> new Button(x(257), "t"));
    refused("button ids must be unique: \"a\"", () -> new ReplyButtons(null, "b", null, List.of(new Button("a", "One"), new Button("a", "Two"))));
    refused("button message body is 1025 characters, the limit is 1024", () -> new ReplyButtons(null, x(1025), null, buttons(1)));
    refused("button message footer is 61 characters, the limit is 60", () -> new ReplyButtons(null, "b", x(61), buttons(1)));
    refused("button message header is 61 characters, the limit is 60", () -> new ReplyButtons(x(61), "b", null, buttons(1)));
  }

  @Test
  void list() {
    List<Section> ten = IntStream.range(0, 10).mapToObj(i -> new Section(x(24), rows("s" + i + "r", 1))).toList();
    new ListMessage(x(60), x(4096), x(60), x(20), ten);
    List<Section> eleven = new ArrayList<>(ten);
    eleven.add(new Section("more", rows("extra", 1)));
    refused("1 to 10 sections, not 11", () -> new ListMessage(null, "b", null, "Open", eleven));
    refused("1 to 10 sections, not 0", () -> new ListMessage(null, "b", null, "Open", List.of()));
    refused("at most 10 rows in total, not 11",
        () -> new ListMessage(null, "b", null, "Open", List.of(new Section("A", rows("a", 6)), new Section("B", rows("b", 5)))));
    refused("a list section has at least 1 row", () -> new Section("A", List.of()));
    refused("section title is required when a list has more than one section",
        () -> new ListMessage(null, "b", null, "Open", List.of(new Section(null, rows("a", 1)), new Section("B", rows("b", 1)))));
    new ListMessage(null, "b", null, "Open", List.of(new Section(null, rows("a", 10))));
    refused("list button text is 21 characters, the limit is 20", () -> new ListMessage(null, "b", null, x(21), ten));
    refused("list header is 61 characters, the limit is 60", () -> new ListMessage(x(61), "b", null, "Open", ten));
    refused("list body is 4097 characters, the limit is 4096", () -> new ListMessage(null, x(4097), null, "Open", ten));
    refused("list footer is 61 characters, the limit is 60", () -> new ListMessage(null, "b", x(61), "Open", ten));
    refused("section title is 25 characters, the limit is 24", () -> new Section(x(25), rows("a", 1)));
    refused("row title is 25 characters, the limit is 24", () -> new Row("id", x(25), null));
    refused("row description is 73 characters, the limit is 72", () -> new Row("id", "t", x(73)));
    refused("row id is 201 characters, the limit is 200", () -> new Row(x(201), "t", null));
    new Row(x(200), x(24), x(72));
    refused("row ids must be unique: \"a0\"",
        () -> new ListMessage(null, "b", null, "Open", List.of(new Section("A", rows("a", 2)), new Section("B", rows("a", 1)))));
  }

  @Test
  void otherShapes() {
    refused("location request body is required", () -> new OutgoingContent.LocationRequest(null));
    refused("template name is required", () -> new OutgoingContent.Template("", "hi", List.of()));
    refused("template body parameter is required", () -> new OutgoingContent.Template("t", "hi", List.of("a", " ")));
    refused("media kind must be one of", () -> new OutgoingContent.Media("gif", "1", null, null, null));
    refused("exactly one of a media id and a link", () -> new OutgoingContent.Media("image", "1", "https://example.org/a.png", null, null));
    refused("exactly one of a media id and a link", () -> new OutgoingContent.Media("image", null, null, null, null));
    refused("media link must be an http(s) URL", () -> new OutgoingContent.Media("image", null, "file:///etc/passwd", null, null));
    refused("audio cannot have a caption", () -> new OutgoingContent.Media("audio", "1", null, "hello", null));
    refused("only a document has a filename", () -> new OutgoingContent.Media("image", "1", null, null, "a.png"));
    refused("media caption is 1025 characters, the limit is 1024", () -> new OutgoingContent.Media("image", "1", null, x(1025), null));
  }

  @Test
  void fitLeavesShortTextAlone() {
    assertEquals("Water supply", Limits.fit("Water supply", 20));
    assertEquals(x(20), Limits.fit(x(20), 20));
    assertNull(Limits.fit(null, 20));
    assertEquals("", Limits.fit("abc", 0));
  }

  @Test
  void fitCutsWithAnEllipsis() {
    String fitted = Limits.fit("Streetlight not working", 20);
    assertEquals("Streetlight not wor\u2026", fitted);
    assertEquals(20, fitted.length());
    assertEquals("Streetlight\u2026", Limits.fit("Streetlight  xyz", 13));
  }

  @Test
  void fitNeverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDE4F\uD83D\uDE4F";
    assertEquals("ab\u2026", Limits.fit(text, 4));
    assertEquals("ab\uD83D\uDE4F\u2026", Limits.fit(text, 5));
  }

  @Test
  void fitKeepsDevanagariSyllablesWhole() {
    // पानी की समस्या: पा = प + ा (vowel sign); स्या = स + ् + य + ा (a conjunct through the virama).
    String hindi = "पानी की समस्या";
    assertWholeAtEveryLength(hindi);
    // Cutting at 12 or 13 would end in स् or separate ् from स: the whole conjunct goes.
    assertEquals("पानी की सम\u2026", Limits.fit(hindi, 13));
    assertEquals("पानी की सम\u2026", Limits.fit(hindi, 12));
    assertEquals("पानी की सम\u2026", Limits.fit(hindi, 11));
    assertEquals("पानी की स\u2026", Limits.fit(hindi, 10));
  }

  @Test
  void fitKeepsGurmukhiSyllablesWhole() {
    // ਪਾਣੀ ਦੀ ਸਮੱਸਿਆ: ਿ (vowel sign i) and ੱ (addak) are combining marks; ਸ੍ਰ uses the virama.
    assertWholeAtEveryLength("ਪਾਣੀ ਦੀ ਸਮੱਸਿਆ ਪ੍ਰਧਾਨ");
  }

  private static void assertWholeAtEveryLength(String text) {
    for (int max = 1; max <= text.length(); max++) {
      String fitted = Limits.fit(text, max);
      assertTrue(fitted.length() <= max, fitted);
      assertWhole(text, fitted);
    }
  }

  private static void assertWhole(String original, String fitted) {
    if (fitted.equals(original) || fitted.isEmpty()) return;
    assertTrue(fitted.endsWith("\u2026"), fitted);
    String kept = fitted.substring(0, fitted.length() - 1);
    assertTrue(original.startsWith(kept), fitted);
    if (kept.isEmpty()) return;
    int last = kept.codePointBefore(kept.length());
    assertNotEquals(0x094D, last, "dangling Devanagari virama in " + fitted);
    assertNotEquals(0x0A4D, last, "dangling Gurmukhi virama in " + fitted);
    int type = Character.getType(original.codePointAt(kept.length()));
    assertNotEquals(Character.NON_SPACING_MARK, type, "cut before a mark in " + fitted);
    assertNotEquals(Character.COMBINING_SPACING_MARK, type, "cut before a mark in " + fitted);
  }
}
