package chaupal.media;

import chaupal.whatsapp.MediaAnswer.MediaProblem;
import java.time.Duration;
import java.time.Instant;

/**
 * When to try a failed download again: exponential backoff from {@code base}, at most {@code cap},
 * for as long as Meta keeps the media ({@code maxAge} after the citizen sent it); an expired URL is
 * asked for again after {@code base}, since a fresh one is a request away.
 */
record MediaRetry(Duration base, Duration cap, Duration maxAge) {

  DownloadOutcome decide(PendingMedia media, MediaProblem problem, String error, Instant now) {
    if (!problem.retryable()) return new DownloadOutcome.Failed(media, error);
    Duration delay = problem == MediaProblem.EXPIRED ? base : backoff(media.attempts() + 1);
    if (media.receivedAt().plus(maxAge).isBefore(now.plus(delay))) {
      return new DownloadOutcome.Failed(media, error + " (given up after " + (media.attempts() + 1) + " tries: Meta keeps media for " + maxAge + ")");
    }
    return new DownloadOutcome.Retry(media, delay, error);
  }

  /** The wait after the {@code failures}-th failure (1 for the first): base, 2 base, 4 base ... up to cap. */
  Duration backoff(int failures) {
    Duration delay = base;
    for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) delay = delay.multipliedBy(2);
    return delay.compareTo(cap) > 0 ? cap : delay;
  }
}
