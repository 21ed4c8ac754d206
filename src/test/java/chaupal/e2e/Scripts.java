package chaupal.e2e;

/** Which language a bot message is written in, told by its script. */
final class Scripts {

  private Scripts() {}

  static String languageOf(String text) {
    int devanagari = 0;
    int gurmukhi = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\u0900' && c <= '\u097F') devanagari++;
      else if (c >= '\u0A00' && c <= '\u0A7F') gurmukhi++;
      else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) latin++;
    }
    if (gurmukhi > devanagari && gurmukhi > latin / 4) return "pa";
    if (devanagari > latin / 4) return "hi";
    return "en";
  }
}
