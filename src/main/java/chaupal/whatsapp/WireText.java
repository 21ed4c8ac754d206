package chaupal.whatsapp;

import chaupal.StorableText;

/**
 * The checks every webhook value passes before it can become a key, a column or a citizen's words.
 * Written as plain loops and a frozen set's span: they run on every message of every webhook, so no regular expression.
 */
final class WireText {

  /** E.164 allows 15 digits; no country's subscriber numbers are shorter than 7 with the country code. */
  static final int MIN_PHONE_DIGITS = 7;
  static final int MAX_PHONE_DIGITS = 15;
  /** Meta's wamids are about 60 characters; the database keeps up to 255. */
  static final int MAX_ID = 128;
  /** Meta's phone_number_ids are 15 or 16 digits; the column keeps up to 64. */
  static final int MAX_PHONE_NUMBER_ID = 32;
  /** WhatsApp clients send at most 65,536 characters in one text. */
  static final int MAX_TEXT = 65_536;

  private WireText() {}

  static boolean isPhoneNumber(String s) {
    return s.length() >= MIN_PHONE_DIGITS && s.length() <= MAX_PHONE_DIGITS && isDigits(s);
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /** Printable ASCII without spaces, the alphabet of Meta's ids (wamid, media id: base64 with {@code . = / + _ -}). */
  static boolean isToken(String s, int max) {
    if (s.isEmpty() || s.length() > max) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') return false;
    }
    return true;
  }

  /**
   * Free text as a person wrote it, minus what no column or serializer takes ({@link StorableText}):
   * control characters other than tab and line breaks are dropped, lone surrogates become U+FFFD.
   * Returns the same string when nothing needs changing, which is nearly always.
   */
  static String clean(String s) {
    if (s == null) return null;
    int i = StorableText.firstUnstorable(s);
    if (i < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, i);
    while (i < s.length()) {
      int cp = s.codePointAt(i); // a lone surrogate comes as itself
      i += Character.charCount(cp);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        out.append('\uFFFD');
      } else if (!StorableText.UNSTORABLE.contains(cp)) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /**
   * A wire value (a status name) as it may appear in a reason and so in the log: short, letters,
   * {@code _} and {@code -}, anything else as {@code ?}, so no phone number or control character shows.
   */
  static String shown(String s) {
    int n = Math.min(s.length(), 40);
    StringBuilder out = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
      out.append(plain ? c : '?');
    }
    return s.length() > n ? out.append("...").toString() : out.toString();
  }
}
