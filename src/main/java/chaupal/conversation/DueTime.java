package chaupal.conversation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * A promised time as citizens say it, in their language and in India's time: "5 Dec, 6 pm", "5
 * दिसंबर, शाम 6 बजे". Month names and the parts of the day come from the catalogs.
 */
final class DueTime {

  static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

  static final List<String> TEXT_KEYS =
      List.of("time.due", "time.months", "time.early", "time.morning", "time.afternoon", "time.evening", "time.night");

  private DueTime() {}

  static long after(long nowMillis, int hours) {
    return nowMillis + hours * 3_600_000L;
  }

  static String say(Voice voice, long atMillis) {
    ZonedDateTime at = Instant.ofEpochMilli(atMillis).atZone(INDIA);
    int hour = at.getHour();
    int twelve = hour % 12 == 0 ? 12 : hour % 12;
    String clock = at.getMinute() == 0 ? Integer.toString(twelve) : String.format("%d:%02d", twelve, at.getMinute());
    String part =
        hour < 5 ? "time.early" : hour < 12 ? "time.morning" : hour < 16 ? "time.afternoon" : hour < 20 ? "time.evening" : "time.night";
    String month = voice.words("time.months").get(at.getMonthValue() - 1);
    return voice.text(
        "time.due",
        Map.of("day", Integer.toString(at.getDayOfMonth()), "month", month, "clock", clock, "part", voice.text(part)));
  }
}
