package chaupal.whatsapp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers and business-scoped user ids never appear whole in logs: only their last four
 * characters. {@link #mask} is the rule for one value, {@link #maskIn} applies it to every such
 * value inside a text (the log layout runs it over each message and stack trace).
 */
public final class PhoneNumbers {

  /** Shortest digit run taken for a phone number: E.164 numbers with their country code are 8 to 15 digits (India: 12). */
  private static final int MIN_DIGITS = 8;

  /**
   * A run of 8 to 15 digits that is not part of a longer run, or a BSUID ({@link UserIds}): country,
   * dot, optional {@code ENT.}, letters and digits. Caught too, and masked to their last four, since
   * nothing tells them from a number: epoch milliseconds (13 digits), Meta phone_number_ids (15),
   * Akka actor uids; the last four still tell them apart in practice. Shorter numbers (ports, counts,
   * line numbers) and runs over 15 digits stay. The country must be in capitals as Meta
   * writes it, so that two-letter Java packages in stack traces ({@code io.netty}, {@code ch.qos}) stay.
   */
  private static final Pattern IN_TEXT = Pattern.compile(
      "(?<![0-9])[0-9]{" + MIN_DIGITS + ",15}(?![0-9])"
          + "|(?<![A-Za-z0-9_.])([A-Z]{2}\\.(?:ENT\\.)?)([A-Za-z0-9]{1,128})(?![A-Za-z0-9])");

  private PhoneNumbers() {}

  public static String mask(String number) {
    if (number == null) return "(none)";
    int n = number.length();
    return n <= 4 ? "****" : "*".repeat(Math.min(n - 4, 8)) + number.substring(n - 4);
  }

  /** The text with every phone number masked, and every BSUID masked after its country ({@code IN.****1a2b}). */
  public static String maskIn(String text) {
    if (text == null || !mayHoldOne(text)) return text;
    Matcher m = IN_TEXT.matcher(text);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) == null ? mask(r.group()) : r.group(1) + mask(r.group(2))));
  }

  /** A run of 8 digits or a capital pair before a dot: cheap enough for every log line, and most have neither. */
  private static boolean mayHoldOne(String text) {
    int digits = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits == MIN_DIGITS) return true;
      } else {
        digits = 0;
        if (c == '.' && i >= 2 && isCapital(text.charAt(i - 1)) && isCapital(text.charAt(i - 2))) return true;
      }
    }
    return false;
  }

  private static boolean isCapital(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
