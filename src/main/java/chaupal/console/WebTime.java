package chaupal.console;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Times as officials read them: in IST with the offset shown ("01 Dec 2026, 15:06 IST (+05:30)"). */
final class WebTime {

  static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd MMM yyyy, HH:mm 'IST' '('xxx')'", Locale.ENGLISH);

  private WebTime() {}

  static String shown(Instant at) {
    return at == null ? "" : SHOWN.format(at.atZone(IST));
  }

  /** An ISO-8601 time with offset as the case desk gives it; blank or unreadable shows as given. */
  static String shown(String iso) {
    if (iso == null || iso.isBlank()) return "";
    try {
      return shown(OffsetDateTime.parse(iso).toInstant());
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** A duration as "3 d 4 h", "5 h 20 min" or "12 min": how long ago, or how long is left. */
  static String span(Duration d) {
    Duration a = d.abs();
    if (a.toDays() > 0) return a.toDays() + " d " + a.toHoursPart() + " h";
    if (a.toHours() > 0) return a.toHours() + " h " + a.toMinutesPart() + " min";
    return Math.max(a.toMinutes(), 0) + " min";
  }
}
