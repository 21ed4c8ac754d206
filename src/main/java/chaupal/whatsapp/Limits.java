package chaupal.whatsapp;

/**
 * The Cloud API's size limits for outgoing messages (reference §5), and {@link #fit} to bring a
 * catalog text within one. Lengths are counted in UTF-16 units ({@link String#length()}), never
 * fewer than the characters Meta counts, so a text that passes here is not refused there.
 */
public final class Limits {

  public static final int TEXT_BODY = 4096;
  public static final int BUTTONS_MAX = 3;
  public static final int BUTTON_TITLE = 20;
  public static final int BUTTON_ID = 256;
  public static final int INTERACTIVE_BODY = 1024;
  public static final int HEADER_TEXT = 60;
  public static final int FOOTER = 60;
  public static final int LIST_SECTIONS_MAX = 10;
  public static final int LIST_ROWS_MAX = 10;
  public static final int LIST_BUTTON = 20;
  public static final int LIST_BODY = 4096;
  public static final int SECTION_TITLE = 24;
  public static final int ROW_TITLE = 24;
  public static final int ROW_DESCRIPTION = 72;
  public static final int ROW_ID = 200;
  /** Media captions; Meta documents 1024 characters. */
  public static final int CAPTION = 1024;

  private static final String ELLIPSIS = "\u2026";

  private Limits() {}

  /**
   * {@code text} unchanged if it fits in {@code max}, else cut and ended with an ellipsis so that
   * the result fits. The cut never splits a surrogate pair, never separates a base letter from its
   * vowel signs, nukta or other combining marks, never leaves a virama (halant) or joiner dangling
   * at the end, so Devanagari and Gurmukhi conjuncts stay whole. Null stays null.
   */
  public static String fit(String text, int max) {
    if (max < 0) throw new IllegalArgumentException("max must not be negative: " + max);
    if (text == null || text.length() <= max) return text;
    if (max == 0) return "";
    int cut = max - ELLIPSIS.length();
    while (cut > 0 && !clusterBoundary(text, cut)) cut--;
    String kept = text.substring(0, cut).stripTrailing();
    return kept + ELLIPSIS;
  }

  /** True when cutting before index {@code i} keeps every user-perceived character whole. */
  static boolean clusterBoundary(String text, int i) {
    if (i <= 0 || i >= text.length()) return true;
    if (Character.isLowSurrogate(text.charAt(i)) && Character.isHighSurrogate(text.charAt(i - 1))) return false;
    int next = text.codePointAt(i);
    if (extendsPrevious(next)) return false;
    int previous = text.codePointBefore(i);
    return !joinsNext(previous);
  }

  // Marks, joiners, variation selectors and emoji skin tones belong to the character before them.
  private static boolean extendsPrevious(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || cp == 0x200C
        || cp == 0x200D
        || (cp >= 0x1F3FB && cp <= 0x1F3FF)
        || (cp >= 0xE0020 && cp <= 0xE007F);
  }

  // A virama or a zero-width joiner binds to the character after it: क् + ष is one conjunct.
  private static boolean joinsNext(int cp) {
    return cp == 0x200D || cp == 0x200C || isVirama(cp);
  }

  private static boolean isVirama(int cp) {
    return switch (cp) {
      case 0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D4D, 0x0DCA -> true;
      default -> false;
    };
  }

  /** Throws unless {@code value} is present, not blank and at most {@code max} long; {@code what} names the limit. */
  static String require(String value, int max, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is required");
    return atMost(value, max, what);
  }

  /** Throws if {@code value} is longer than {@code max}; null passes. */
  static String atMost(String value, int max, String what) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(what + " is " + value.length() + " characters, the limit is " + max);
    }
    return value;
  }

  /** Null for null or blank, so optional parts (header, footer) are left out of the request. */
  static String optional(String value, int max, String what) {
    return value == null || value.isBlank() ? null : atMost(value, max, what);
  }
}
