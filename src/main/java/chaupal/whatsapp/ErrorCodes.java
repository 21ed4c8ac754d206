package chaupal.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Cloud API error code means for the message that got it: send it again later, or give up
 * on it. Logic keys on the code only, never on titles (reference §7).
 */
public final class ErrorCodes {

  public static final int THROUGHPUT = 130429;
  public static final int PAIR_RATE_LIMIT = 131056;
  public static final int SPAM_RATE_LIMIT = 131048;
  public static final int OUTSIDE_SERVICE_WINDOW = 131047;
  /** The On-Premises code for the 24 h case, still surfaced by some BSPs. */
  public static final int LEGACY_OUTSIDE_SERVICE_WINDOW = 470;
  public static final int TOKEN_EXPIRED = 190;
  /** The template does not exist in that language, or is not approved (templates reference §1.8). */
  public static final int TEMPLATE_NOT_FOUND = 132001;
  public static final int TEMPLATE_PAUSED = 132015;
  public static final int TEMPLATE_DISABLED = 132016;

  /** The error Meta answers a send of a template in this status with (APPROVED has none: 0). */
  public static int templateRefusal(String status) {
    return switch (status == null ? "" : status) {
      case "APPROVED" -> 0;
      case "PAUSED" -> TEMPLATE_PAUSED;
      case "DISABLED" -> TEMPLATE_DISABLED;
      default -> TEMPLATE_NOT_FOUND;
    };
  }

  private static final Pattern CODE_DIGITS = Pattern.compile("\\d{1,9}");
  private static final Pattern CODE_PREFIX = Pattern.compile("^\\(#(\\d+)\\)\\s*");

  private ErrorCodes() {}

  /**
   * Whether the same request may succeed later. Throughput, pair and spam rate limits, app and
   * WABA call limits, maintenance and Meta's own failures are retryable; everything else known
   * (undeliverable, outside the 24 h window, template problems, permissions, expired token) is
   * permanent for this message. Unknown codes are permanent.
   */
  public static boolean retryable(int code) {
    return switch (code) {
      case 3, 4, 80007, THROUGHPUT, 131000, SPAM_RATE_LIMIT, PAIR_RATE_LIMIT, 131057 -> true;
      default -> false;
    };
  }

  /** As {@link #retryable(int)}, but an unknown code under HTTP 5xx, 429 or 408 is retryable. */
  public static boolean retryable(int code, int httpStatus) {
    if (retryable(code)) return true;
    if (known(code)) return false;
    return transientHttp(httpStatus);
  }

  /** HTTP statuses that say "later" whatever the body: server errors, too many requests, request timeout. */
  public static boolean transientHttp(int httpStatus) {
    return httpStatus >= 500 || httpStatus == 429 || httpStatus == 408;
  }

  /** The codes this class has an opinion on. */
  public static boolean known(int code) {
    return retryable(code)
        || (code >= 200 && code <= 299)
        || switch (code) {
          case 0, 10, TOKEN_EXPIRED, 368, 100, LEGACY_OUTSIDE_SERVICE_WINDOW, 130472, 131026, 131031,
              OUTSIDE_SERVICE_WINDOW, 131049, 131050, 131051, 131052, 131053, 132000, 132001, 132005,
              132007, 132012, 132015, 132016, 133010 -> true;
          default -> false;
        };
  }

  /**
   * The least time to wait before attempt number {@code attempt} (0 for the first retry). The pair
   * limit follows Meta's 4^x seconds, capped at about an hour; the spam limit waits an hour;
   * hourly call quotas five minutes; a throughput upgrade a minute; throughput one second. Zero
   * means Meta suggests nothing and the sender's own backoff applies.
   */
  public static Duration retryAfter(int code, int attempt) {
    return switch (code) {
      case PAIR_RATE_LIMIT -> Duration.ofSeconds(1L << (2 * Math.max(0, Math.min(attempt, 6))));
      case SPAM_RATE_LIMIT -> Duration.ofHours(1);
      case 4, 80007 -> Duration.ofMinutes(5);
      case 131057 -> Duration.ofMinutes(1);
      case THROUGHPUT -> Duration.ofSeconds(1);
      default -> Duration.ZERO;
    };
  }

  /** Free-form messages cannot reach this citizen now: the caller may send a template instead. */
  public static boolean needsTemplate(int code) {
    return code == OUTSIDE_SERVICE_WINDOW || code == LEGACY_OUTSIDE_SERVICE_WINDOW;
  }

  /**
   * Meta refused the template itself (wrong parameter count 132000, unknown name or language 132001,
   * text too long 132005, policy 132007, parameter format 132012, paused 132015, disabled 132016):
   * the same words may still go free-form once the citizen's window is open.
   */
  public static boolean templateRefused(int code) {
    return switch (code) {
      case 132000, 132001, 132005, 132007, 132012, 132015, 132016 -> true;
      default -> false;
    };
  }

  /** The access token or the app's permissions are wrong: nothing will be sent until an operator acts. */
  public static boolean credentialProblem(int code) {
    return code == 0 || code == TOKEN_EXPIRED || code == 10 || (code >= 200 && code <= 299);
  }

  /**
   * Reads a synchronous error response, {@code {"error":{"message":"(#130429) Rate limit hit",
   * "code":130429,"error_data":{"details":"..."}}}}. Empty for anything else: HTML from a proxy,
   * truncated bodies, an error object without an integer code.
   */
  public static Optional<ApiError> parseErrorBody(byte[] body) {
    if (body == null || body.length == 0) return Optional.empty();
    try {
      JsonNode root = MetaJson.READER.readTree(body);
      return root == null ? Optional.empty() : Optional.ofNullable(fromErrorObject(root.get("error")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * One error object, synchronous or from a webhook {@code errors[]}; null without an integer code.
   * Synchronous errors carry no title: it is taken from the message without its {@code (#code)} prefix.
   */
  static ApiError fromErrorObject(JsonNode error) {
    if (error == null || !error.isObject()) return null;
    JsonNode code = error.get("code");
    int value;
    if (code != null && code.isIntegralNumber() && code.canConvertToInt()) {
      value = code.intValue();
    } else if (code != null && code.isTextual() && CODE_DIGITS.matcher(code.textValue()).matches()) {
      value = Integer.parseInt(code.textValue());
    } else {
      return null;
    }
    String message = text(error.get("message"));
    String title = text(error.get("title"));
    if (title == null && message != null) {
      Matcher prefix = CODE_PREFIX.matcher(message);
      title = prefix.find() ? message.substring(prefix.end()) : message;
    }
    JsonNode data = error.get("error_data");
    String details = data != null && data.isObject() ? text(data.get("details")) : null;
    return new ApiError(value, title, message, details);
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? WireText.clean(node.textValue()) : null;
  }
}
