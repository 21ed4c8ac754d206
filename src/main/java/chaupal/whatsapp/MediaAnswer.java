package chaupal.whatsapp;

/** What the Cloud API said to a media request. Like {@link SendResult}, the stage never fails: problems are {@link Failed}. */
public sealed interface MediaAnswer<T> {

  record Got<T>(T value) implements MediaAnswer<T> {}

  record Failed<T>(MediaProblem problem, String detail) implements MediaAnswer<T> {

    /** The same failure, typed for the next step of a chain. */
    public <U> Failed<U> cast() {
      return new Failed<>(problem, detail);
    }
  }

  /** Why a media request failed, by what the caller can do about it. */
  enum MediaProblem {
    /** The media id is unknown (deleted, or older than Meta keeps webhook media). */
    NOT_FOUND,
    /** The download URL no longer works (404 after its 5 minutes): ask for the id again. */
    EXPIRED,
    /** 5xx, 429, a broken connection or an answer that is not Meta's: the same request may work later. */
    TRANSIENT,
    /** No (complete) answer in time. */
    TIMEOUT,
    /** Larger than the limit of its kind: it will never fit. */
    TOO_LARGE,
    /** The access token or the app's permissions were refused: nothing works until an operator fixes them. */
    CREDENTIALS;

    /** Worth trying again later; a media too large never becomes smaller. */
    public boolean retryable() {
      return this != TOO_LARGE;
    }
  }
}
