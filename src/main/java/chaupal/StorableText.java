package chaupal;

import com.ibm.icu.text.UnicodeSet;

/**
 * The characters no text column or serializer takes: control characters other than tab and line breaks
 * (PostgreSQL refuses NUL in any text) and lone surrogates (they have no UTF-8). The one rule behind each
 * part's own use of it: the ingress cleans a citizen's text, the conversation cleans what it keeps, the
 * officials' desk refuses an official's text with the position. Kept at the root, like {@link Setting},
 * so that {@code whatsapp}, {@code conversation} and {@code cases} use it without depending on another part.
 */
public final class StorableText {

  /** Frozen: safe to share between threads, and its {@code span} is fast enough for every webhook's text. */
  public static final UnicodeSet UNSTORABLE = new UnicodeSet("[[:Cc:][:Cs:]-[\\t\\n\\r]]").freeze();

  private StorableText() {}

  /** The index of the first character of {@code text} in {@link #UNSTORABLE}, or -1 if it can be stored as it is. */
  public static int firstUnstorable(String text) {
    int end = UNSTORABLE.span(text, UnicodeSet.SpanCondition.NOT_CONTAINED);
    return end < text.length() ? end : -1;
  }
}
