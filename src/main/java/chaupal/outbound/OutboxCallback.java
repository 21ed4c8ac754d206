package chaupal.outbound;

/**
 * The {@code biz_opaque_callback_data} every outbox send carries, which Meta echoes in each status
 * of the message: the row's id, so that a status resolves a row whose outcome died with its sender
 * (Meta has no idempotency key). Nothing about the citizen goes in it.
 */
final class OutboxCallback {

  private static final String PREFIX = "outbox-";

  private OutboxCallback() {}

  static String of(long rowId) {
    return PREFIX + rowId;
  }

  /** The outbox row a status names, or null when its callback data is not ours (or there is none). */
  static Long rowOf(String callbackData) {
    if (callbackData == null || !callbackData.startsWith(PREFIX) || callbackData.length() > PREFIX.length() + 18) return null;
    String digits = callbackData.substring(PREFIX.length());
    if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return null;
    return Long.parseLong(digits);
  }
}
