package chaupal.whatsapp;

/** Phone numbers never appear whole in logs: only the last four digits. */
public final class PhoneNumbers {

  private PhoneNumbers() {}

  public static String mask(String number) {
    if (number == null) return "(none)";
    int n = number.length();
    return n <= 4 ? "****" : "*".repeat(Math.min(n - 4, 8)) + number.substring(n - 4);
  }
}
