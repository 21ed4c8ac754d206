package chaupal.simulator.webhooks;

import akka.actor.typed.ActorSystem;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.SimulatorSettings;
import chaupal.simulator.phone.Conversation;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.MetaJson;
import java.time.Clock;
import java.time.Duration;

/**
 * Reports what happens to each business message by status webhook, one at a time and in order:
 * {@code sent}, {@code delivered} when the phone has it, {@code read} when it was seen (or
 * {@code failed} for a message that cannot arrive). Does nothing when status webhooks are off.
 */
public final class StatusReporter {

  private static final Duration FIRST_STATUS_AT_MOST = Duration.ofMillis(250);
  private static final Duration RECHECK_AT_LEAST = Duration.ofMillis(250);

  private final ActorSystem<?> system;
  private final SimulatorSettings settings;
  private final WebhookPoster poster;
  private final Clock clock;

  public StatusReporter(ActorSystem<?> system, SimulatorSettings settings, WebhookPoster poster, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.poster = poster;
    this.clock = clock;
  }

  /** Starts reporting on a message just accepted; the first status follows the API response. */
  public void start(BusinessNumber number, Conversation c, Conversation.Entry e) {
    if (!settings.statusWebhooks()) return;
    Duration first = settings.statusDelay().compareTo(FIRST_STATUS_AT_MOST) < 0 ? settings.statusDelay() : FIRST_STATUS_AT_MOST;
    later(first, () -> advance(number, c, e));
  }

  /** Posts the next status if one is due; otherwise looks again later until the message is read or failed. */
  public void advance(BusinessNumber number, Conversation c, Conversation.Entry e) {
    if (!settings.statusWebhooks()) return;
    long now = clock.millis();
    DeliveryStatus next = c.claimNextStatus(e, now, settings.statusDelay().toMillis());
    if (next == null) {
      if (c.claimTimer(e)) {
        Duration wait = settings.statusDelay().compareTo(RECHECK_AT_LEAST) > 0 ? settings.statusDelay() : RECHECK_AT_LEAST;
        later(wait, () -> {
          c.timerFired(e);
          advance(number, c, e);
        });
      }
      return;
    }
    byte[] body = MetaJson.write(WebhookBodies.status(number.waba(settings), number, e, c.waId, next,
        now / 1000, c.windowOpen(now)));
    poster.post(body, settings.tuning().webhookAttempts(), status -> {}).whenComplete((status, failure) -> {
      c.statusPosted(e, clock.millis());
      advance(number, c, e);
    });
  }

  private void later(Duration wait, Runnable task) {
    system.scheduler().scheduleOnce(wait, task, system.executionContext());
  }
}
