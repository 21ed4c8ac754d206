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
 * As Meta does under load, statuses of one business number go together in one webhook: while
 * {@link #IN_FLIGHT} of its webhooks are on their way, the statuses falling due wait and go in the
 * next one (up to {@link #MOST_A_WEBHOOK}); when little happens, each status is a webhook of its
 * own. A message's next status waits until its last one was posted, so its statuses stay in order.
 */
public final class StatusReporter {

  private static final Duration FIRST_STATUS_AT_MOST = Duration.ofMillis(250);
  private static final Duration RECHECK_AT_LEAST = Duration.ofMillis(250);
  /** Meta aggregates up to 1,000 updates a POST; a tenth keeps each webhook's body small. */
  static final int MOST_A_WEBHOOK = 100;
  static final int IN_FLIGHT = 4;

  private final java.util.Map<String, Gathering> gatherings = new java.util.concurrent.ConcurrentHashMap<>();

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
    com.fasterxml.jackson.databind.node.ObjectNode status = WebhookBodies.statusOf(e, c.waId, next, now / 1000, c.windowOpen(now));
    gatherings.computeIfAbsent(number.phoneNumberId(), id -> new Gathering(number)).add(status, () -> {
      c.statusPosted(e, clock.millis());
      advance(number, c, e);
    });
  }

  /** The statuses of one business number waiting to go out together. */
  private final class Gathering {
    private final BusinessNumber number;
    private final java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> statuses = new java.util.ArrayList<>();
    private final java.util.List<Runnable> posted = new java.util.ArrayList<>();

    private int inFlight;

    Gathering(BusinessNumber number) {
      this.number = number;
    }

    void add(com.fasterxml.jackson.databind.node.ObjectNode status, Runnable whenPosted) {
      synchronized (this) {
        statuses.add(status);
        posted.add(whenPosted);
        if (inFlight >= IN_FLIGHT) return;
        inFlight++;
      }
      post();
    }

    /** Posts what waits (one slot taken by the caller); when it is through, what gathered meanwhile. */
    private void post() {
      java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> out;
      java.util.List<Runnable> then;
      synchronized (this) {
        if (statuses.isEmpty()) {
          inFlight--;
          return;
        }
        int n = Math.min(MOST_A_WEBHOOK, statuses.size());
        out = new java.util.ArrayList<>(statuses.subList(0, n));
        then = new java.util.ArrayList<>(posted.subList(0, n));
        statuses.subList(0, n).clear();
        posted.subList(0, n).clear();
      }
      byte[] body = MetaJson.write(WebhookBodies.statuses(number.waba(settings), number, out));
      poster.post(body, settings.tuning().webhookAttempts(), code -> {}).whenComplete((code, failure) -> {
        then.forEach(Runnable::run);
        post();
      });
    }
  }

  private void later(Duration wait, Runnable task) {
    system.scheduler().scheduleOnce(wait, task, system.executionContext());
  }
}
