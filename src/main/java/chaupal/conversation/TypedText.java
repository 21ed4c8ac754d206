package chaupal.conversation;

import chaupal.StorableText;
import com.ibm.icu.text.UnicodeSet;

/**
 * What a citizen typed, made safe to keep in a case: control characters (PostgreSQL refuses a NUL
 * in text), invisible format characters (bidi overrides that turn text round on an official's
 * screen, zero-width spaces, byte order marks) and broken surrogates go; the joiners Indic scripts
 * and emoji need stay. Cut to what one WhatsApp text message can carry.
 */
final class TypedText {

  /** The longest text body the Cloud API carries in one message. */
  static final int MAX_LENGTH = 4096;

  // What no column takes, and invisible format and private-use characters. Joiners shape Devanagari,
  // Gurmukhi and emoji sequences; tag characters make subdivision flags. Tabs and CRs are gone before.
  private static final UnicodeSet DROPPED = new UnicodeSet(StorableText.UNSTORABLE)
      .addAll(new UnicodeSet("[[:Cf:][:Co:]-[\\u200C\\u200D\\U000E0020-\\U000E007F]]")).freeze();

  private TypedText() {}

  /** {@code text} without what {@link TypedText} drops, lines joined by "\n", at most {@link #MAX_LENGTH}; null stays null. */
  static String clean(String text) {
    if (text == null) return null;
    String lines = text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
    StringBuilder kept = new StringBuilder(Math.min(lines.length(), MAX_LENGTH));
    for (int i = 0; i < lines.length() && kept.length() < MAX_LENGTH; ) {
      int cp = lines.codePointAt(i);
      i += Character.charCount(cp);
      if (DROPPED.contains(cp)) continue;
      if (kept.length() + Character.charCount(cp) > MAX_LENGTH) break;
      kept.appendCodePoint(cp);
    }
    return kept.toString();
  }

  /** Whether the text has anything an official can read: a letter or a digit. */
  static boolean readable(String text) {
    return text != null && text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /** The input with its typed text (a message, a caption, a location's name and address) cleaned. */
  static Input clean(Input input) {
    if (input instanceof Input.Text text) return new Input.Text(clean(text.body()));
    if (input instanceof Input.Media media) return new Input.Media(media.kind(), media.mediaId(), media.mimeType(), clean(media.caption()));
    if (input instanceof Input.Location place) {
      return new Input.Location(place.latitude(), place.longitude(), clean(place.name()), clean(place.address()));
    }
    return input;
  }
}
