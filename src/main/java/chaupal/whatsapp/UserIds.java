package chaupal.whatsapp;

import java.util.regex.Pattern;

/**
 * Business-scoped user ids (BSUIDs, reference §3 "Business-scoped user IDs"): what identifies a
 * citizen who adopted a username and whose phone number Meta no longer shows. The shape is the
 * user's ISO 3166 alpha-2 country, a dot and up to 128 letters and digits ({@code IN.7301...}); a
 * parent id of linked portfolios has {@code ENT.} after the country ({@code US.ENT.1181...}). A
 * BSUID is sent back whole, exactly as received, in a send request's {@code recipient}.
 */
public final class UserIds {

  private static final Pattern BUSINESS_SCOPED = Pattern.compile("[A-Za-z]{2}\\.(?:ENT\\.)?[A-Za-z0-9]{1,128}");

  private UserIds() {}

  /** True for a business-scoped user id (or a parent one); false for a phone number and anything else. */
  public static boolean isBusinessScoped(String id) {
    // The dot after the country rules out phone numbers without running the pattern: this is asked
    // of every reply the outbox sends.
    return id != null && id.length() > 3 && id.charAt(2) == '.' && BUSINESS_SCOPED.matcher(id).matches();
  }
}
