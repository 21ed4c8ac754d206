package chaupal.console;

import static chaupal.Setting.duration;
import static chaupal.Setting.intIn;

import chaupal.Setting;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/** The web console's settings ({@code chaupal.console.web}): how long a session lasts, cookie flags, the largest form. */
record WebSettings(Duration idleTimeout, Duration absoluteLifetime, boolean secureCookies, int maxUploadBytes) {

  WebSettings {
    if (idleTimeout.compareTo(absoluteLifetime) > 0) {
      throw new Setting.Invalid("CHAUPAL_CONSOLE_IDLE_TIMEOUT: " + idleTimeout + " is longer than CHAUPAL_CONSOLE_SESSION_LIFETIME "
          + absoluteLifetime + "; expected at most the lifetime");
    }
  }

  static WebSettings from(Config c) {
    boolean secure;
    try {
      secure = c.getBoolean("secure-cookies");
    } catch (ConfigException e) {
      throw new Setting.Invalid("CHAUPAL_CONSOLE_SECURE_COOKIES: \"" + Setting.raw(c, "secure-cookies") + "\" is not true or false");
    }
    return new WebSettings(
        duration(c, "idle-timeout", "CHAUPAL_CONSOLE_IDLE_TIMEOUT", "a duration like 30m"),
        duration(c, "absolute-lifetime", "CHAUPAL_CONSOLE_SESSION_LIFETIME", "a duration like 12h"),
        secure,
        intIn(c, "max-upload-bytes", "CHAUPAL_CONSOLE_MAX_UPLOAD_BYTES", 64 * 1024, 100 << 20, "a size in bytes from 65536 to 104857600"));
  }
}
