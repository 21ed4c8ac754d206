package chaupal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Reads one deployer setting from a part's section of the configuration, named by its environment
 * variable: a bad one stops start-up with one line that names the variable and says what is
 * expected. Shared by every part that reads deployer settings (like {@link CborSerializable}, it
 * holds no rule of any part), so each part reads its own section and no two readers drift apart.
 */
public final class Setting {

  /** A setting that cannot be used; the message is the one line shown to the operator. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  private Setting() {}

  public static String string(Config c, String path, String variable) {
    try {
      return c.getString(path);
    } catch (ConfigException e) {
      throw new Invalid(variable + ": " + e.getMessage());
    }
  }

  public static int intIn(Config c, String path, String variable, int min, int max, String expected) {
    int value;
    try {
      value = c.getInt(path);
    } catch (ConfigException e) {
      throw new Invalid(variable + ": \"" + raw(c, path) + "\" is not a number; expected " + expected);
    }
    if (value < min || value > max) throw new Invalid(variable + ": " + value + " is out of range; expected " + expected);
    return value;
  }

  public static Duration duration(Config c, String path, String variable) {
    return duration(c, path, variable, "a duration like 5s or 500ms");
  }

  public static Duration duration(Config c, String path, String variable, String expected) {
    try {
      Duration d = c.getDuration(path);
      if (d.isNegative() || d.isZero()) throw new Invalid(variable + ": must be positive; expected " + expected);
      return d;
    } catch (ConfigException e) {
      throw new Invalid(variable + ": \"" + raw(c, path) + "\" is not a duration; expected " + expected);
    }
  }

  public static String raw(Config c, String path) {
    try {
      return String.valueOf(c.getValue(path).unwrapped());
    } catch (ConfigException e) {
      return "";
    }
  }
}
