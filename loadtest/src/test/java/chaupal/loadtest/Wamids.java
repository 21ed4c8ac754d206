package chaupal.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique message ids shaped like Meta's: {@code wamid.} + base64 of a small record holding the
 * user's number and 20 (inbound) or 18 (outbound) hex digits. A random run nonce keeps ids unique
 * across runs; a counter keeps them unique within one.
 */
final class Wamids {

  private static final String RUN_NONCE =
      HexFormat.of().withUpperCase().formatHex(new SecureRandom().generateSeed(4));
  private static final AtomicLong SERIAL = new AtomicLong();

  private Wamids() {}

  /** A new id for a message the citizen sends. */
  static String inbound(String waId) {
    String unique = RUN_NONCE + String.format("%012X", SERIAL.incrementAndGet());
    return encode(waId, (byte) 0x12, unique);
  }

  /** A new id for a business message the citizen replies to (the {@code context.id} of a tap). */
  static String outbound(String waId) {
    String unique = RUN_NONCE + String.format("%010X", SERIAL.incrementAndGet());
    return encode(waId, (byte) 0x11, unique);
  }

  private static String encode(String waId, byte direction, String unique) {
    byte[] number = waId.getBytes(StandardCharsets.US_ASCII);
    byte[] id = unique.getBytes(StandardCharsets.US_ASCII);
    byte[] raw = new byte[3 + number.length + 6 + id.length + 1];
    int i = 0;
    raw[i++] = 0x1c;
    raw[i++] = 0x18;
    raw[i++] = (byte) number.length;
    System.arraycopy(number, 0, raw, i, number.length);
    i += number.length;
    for (byte b : new byte[] {0x15, 0x02, 0x00, direction, 0x18, (byte) id.length}) {
      raw[i++] = b;
    }
    System.arraycopy(id, 0, raw, i, id.length);
    return "wamid." + Base64.getEncoder().encodeToString(raw);
  }
}
