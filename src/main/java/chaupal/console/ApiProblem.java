package chaupal.console;

import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import chaupal.cases.CaseDesk;

/**
 * A request the API answers with an error: its status, a stable code, a message a person can act on
 * and the request field it is about (or null). Every error of {@code /api/v1} has this one shape.
 */
final class ApiProblem extends RuntimeException {

  private final StatusCode status;
  private final String code;
  private final String field;
  private final long retryAfterSeconds;

  private ApiProblem(StatusCode status, String code, String field, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiProblem invalid(String field, String message) {
    return new ApiProblem(StatusCodes.BAD_REQUEST, "invalid", field, message, 0);
  }

  /** Not allowed from the case's status: resolving a resolved case. */
  static ApiProblem conflict(String field, String message) {
    return new ApiProblem(StatusCodes.CONFLICT, "illegal", field, message, 0);
  }

  /** The thing to create exists already (a username that is taken). */
  static ApiProblem exists(String field, String message) {
    return new ApiProblem(StatusCodes.CONFLICT, "exists", field, message, 0);
  }

  static ApiProblem locked(long retryAfterSeconds, String message) {
    return new ApiProblem(StatusCodes.TOO_MANY_REQUESTS, "too_many_attempts", null, message, Math.max(1, retryAfterSeconds));
  }

  static ApiProblem internal() {
    return new ApiProblem(StatusCodes.INTERNAL_SERVER_ERROR, "internal", null,
        "the request failed inside the server; it is logged, try again or tell the operator", 0);
  }

  /** A status with its code (401 unauthorized, 404 not_found ...), e.g. a rejection of the routing layer's. */
  static ApiProblem of(StatusCode status, String message) {
    String code = switch (status.intValue()) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_attempts";
      case 503 -> "unavailable";
      default -> status.isFailure() && status.intValue() >= 500 ? "internal" : "error";
    };
    return new ApiProblem(status, code, null, message, 0);
  }

  /** The desk's refusal as the API answers it: a case outside scope is as unknown as a missing one. */
  static ApiProblem of(CaseDesk.Refused refused) {
    return switch (refused.reason()) {
      case NOT_FOUND -> of(StatusCodes.NOT_FOUND, refused.getMessage());
      case ILLEGAL -> conflict(refused.field(), refused.getMessage());
      case INVALID -> invalid(refused.field(), refused.getMessage());
      case FORBIDDEN -> of(StatusCodes.FORBIDDEN, refused.getMessage());
    };
  }

  StatusCode status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
