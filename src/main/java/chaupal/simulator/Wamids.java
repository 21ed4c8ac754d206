package chaupal.simulator;

import chaupal.whatsapp.UserIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids shaped like Meta's: {@code wamid.} + base64 of a small record holding the citizen's
 * number and a hex id (18 hex digits for business messages, 20 for citizen messages). Unique per
 * simulator: a random instance prefix and a counter.
 */
public final class Wamids {

  private final String instance;
  private final AtomicLong counter = new AtomicLong();

  Wamids() {
    byte[] seed = new byte[3];
    new SecureRandom().nextBytes(seed);
    instance = HexFormat.of().withUpperCase().formatHex(seed);
  }

  /** The id of a message a business sent to this citizen. */
  public String outbound(String waId) {
    return wamid(waId, new byte[] {0x11, 0x18, 0x12}, instance + hex12(counter.incrementAndGet()));
  }

  /** The id of a message this citizen sent. */
  public String inbound(String waId) {
    return wamid(waId, new byte[] {0x12, 0x18, 0x14}, "3A" + instance + hex12(counter.incrementAndGet()));
  }

  /** The counter as 12 upper-case hex digits, as {@code %012X} would write it, without a Formatter per message. */
  static String hex12(long value) {
    String hex = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    return hex.length() >= 12 ? hex : "0".repeat(12 - hex.length()) + hex;
  }

  /** The citizen number (or business-scoped user id) inside one of these wamids, or empty when it is not shaped like one. */
  public static Optional<String> waIdOf(String wamid) {
    if (wamid == null || !wamid.startsWith("wamid.")) return Optional.empty();
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(wamid.substring(6));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < 3 || raw[0] != 0x1c || raw[1] != 0x18 || raw.length < 3 + raw[2]) return Optional.empty();
    String citizen = new String(raw, 3, raw[2], StandardCharsets.US_ASCII);
    return citizen.matches("[0-9]+") || UserIds.isBusinessScoped(citizen) ? Optional.of(citizen) : Optional.empty();
  }

  private static String wamid(String waId, byte[] kind, String hexId) {
    byte[] number = waId.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(48);
    out.write(0x1c);
    out.write(0x18);
    out.write(number.length);
    out.writeBytes(number);
    out.writeBytes(new byte[] {0x15, 0x02, 0x00});
    out.writeBytes(kind);
    out.writeBytes(hexId.getBytes(StandardCharsets.US_ASCII));
    out.write(0x00);
    return "wamid." + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
