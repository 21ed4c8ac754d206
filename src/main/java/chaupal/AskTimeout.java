package chaupal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Whether an ask of an entity failed because it was not answered in time (a shard hand-over drops
 * messages unanswered), which is worth asking again, as opposed to a refusal. Kept at the root, like
 * {@link Setting}, so that each part that re-asks (ingress, cases) uses it without depending on another.
 */
public final class AskTimeout {

  private AskTimeout() {}

  /** The failure, or the cause a {@link CompletionException} wraps, is a {@link TimeoutException}. */
  public static boolean is(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof TimeoutException;
  }
}
