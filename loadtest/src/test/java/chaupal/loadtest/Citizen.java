package chaupal.loadtest;

/**
 * A fake citizen derived from a number, so runs are reproducible and never touch a real phone:
 * number 42 is wa_id {@code 919800000042}, writes to channel {@code 42 mod 5}.
 */
record Citizen(long number, String waId, String userId, String profileName, Channel channel, Language language) {

  /** Citizens 0 .. MAX_NUMBER fit the fake range 91980xxxxxxx. */
  static final long MAX_NUMBER = 9_999_999L;

  static Citizen of(long number) {
    Channel channel = Channel.ALL.get((int) (number % Channel.ALL.size()));
    Language language = channel.languages().get((int) ((number / Channel.ALL.size()) % channel.languages().size()));
    return of(number, channel, language);
  }

  /** Citizen {@code number} writing to a given channel in a given language (a scenario that needs one channel). */
  static Citizen of(long number, Channel channel, Language language) {
    if (number < 0 || number > MAX_NUMBER) {
      throw new IllegalArgumentException("citizen number out of the fake range 0.." + MAX_NUMBER + ": " + number);
    }
    String waId = String.format("91980%07d", number);
    // Business-scoped user id as Meta adds it since 2026-03-31: country code, dot, opaque digits.
    String userId = "IN." + (7_700_000_000_000_000L + number);
    String profileName = "Load Citizen " + waId.substring(waId.length() - 4);
    return new Citizen(number, waId, userId, profileName, channel, language);
  }
}
