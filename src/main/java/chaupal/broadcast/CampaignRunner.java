package chaupal.broadcast;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import chaupal.db.BlockingSql;
import chaupal.tenancy.Channel;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one runner of all campaigns in the cluster (a ShardedDaemonProcess of one instance, so the
 * cluster moves it to another node when its node goes). Every round it starts the due campaigns
 * (the audience snapshot), then hands the pending recipients of each running one to their entities,
 * per channel at most its rate and never while more than the backlog waits in the outbox, within
 * the portfolio's unique users of a rolling day, a marketing message to nobody Meta refused at its
 * per-user marketing limit within a day (131049), a bounded number at a time, and less while
 * citizens wait on the busiest node ({@link CitizensWaiting}). All its state that matters is in the tables, so a
 * new runner after a crash goes on where the rows say: a recipient handed over but not yet marked
 * is handed over again, and the entity answers ALREADY_QUEUED.
 */
final class CampaignRunner {

  private static final Logger log = LoggerFactory.getLogger(CampaignRunner.class);
  private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DAY = Duration.ofHours(24);

  interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record RoundDone(Throwable failure) implements Command {}

  /** The least share of their pace the campaigns keep while citizens wait: a campaign is slowed, never stopped. */
  static final double LEAST_SHARE = 0.05;
  /** How much of its pace a campaign gets back each round once citizens wait less. */
  static final double RECOVERY = 0.05;

  private final Campaigns campaigns;
  private final Map<String, ChannelPace> paces = new HashMap<>();
  /** The share of their pace the campaigns hand over: halved each round citizens wait, back by {@link #RECOVERY} when they do not. */
  private double share = 1.0;

  private CampaignRunner(Campaigns campaigns) {
    this.campaigns = campaigns;
  }

  static Behavior<Command> create(Campaigns campaigns) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      CampaignRunner runner = new CampaignRunner(campaigns);
      timers.startSingleTimer(Tick.INSTANCE, campaigns.settings().tick());
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            context.pipeToSelf(runner.round(), (done, failure) -> new RoundDone(failure));
            return Behaviors.same();
          })
          .onMessage(RoundDone.class, done -> {
            if (done.failure() != null) log.warn("campaign round failed, trying again: {}", done.failure().toString());
            timers.startSingleTimer(Tick.INSTANCE, campaigns.settings().tick());
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** One look at every active campaign, one after the other. */
  CompletionStage<Void> round() {
    return sql(c -> CampaignStore.active(c, campaigns.clock().instant())).thenCompose(active -> {
      campaigns.progress().round(active);
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (Campaign x : active) chain = chain.thenCompose(v -> step(x));
      return chain;
    });
  }

  private CompletionStage<Void> step(Campaign x) {
    Instant now = campaigns.clock().instant();
    List<String> channels = campaigns.channelsOf(x);
    if (x.state() == Campaign.State.SCHEDULED) {
      return sql(c -> CampaignStore.start(c, x, channels, campaigns.languagesOf(x), now)).thenApply(started -> {
        if (started) log.info("campaign {} started", x.id());
        return null;
      });
    }
    String unapproved = campaigns.unapproved(x.templateName(), x.variants(), channels);
    if (unapproved != null) return hold(x, unapproved);
    return sql(c -> hand(c, x, channels, now)).thenCompose(batch -> {
      if (batch.held() != null) return hold(x, batch.held());
      CompletionStage<Void> resumed = x.state() == Campaign.State.HELD ? move(x, Campaign.State.HELD, Campaign.State.RUNNING, null)
          : CompletableFuture.completedFuture(null);
      if (batch.recipients().isEmpty()) {
        return resumed.thenCompose(v -> batch.anyPending() ? CompletableFuture.completedFuture(null) : finish(x));
      }
      return resumed.thenCompose(v -> deliver(x, batch.recipients()));
    });
  }

  private record Batch(List<CampaignStore.Pending> recipients, boolean anyPending, String held) {}

  /** Which recipients go in this round: the channels' paces, backlogs and the portfolios' day. */
  private Batch hand(Connection c, Campaign x, List<String> channels, Instant now) throws SQLException {
    if (!CampaignStore.anyPending(c, x.id())) return new Batch(List.of(), false, null);
    yieldToCitizens();
    Map<String, Integer> backlog = CampaignStore.backlog(c, channels);
    Map<String, Integer> dayLeft = new HashMap<>();
    List<CampaignStore.Pending> chosen = new ArrayList<>();
    String limitReason = null;
    // Marketing only: Meta's per-user limit is on marketing templates, and a citizen it refused waits a day.
    Instant limitedSince = x.marketing() ? now.minus(DAY) : null;
    long nanos = System.nanoTime();
    for (String channelId : channels) {
      ChannelPace pace = paces.computeIfAbsent(channelId, id -> new ChannelPace(rate(id)));
      int room = (int) Math.max(0, pace.perSecond() * campaigns.settings().backlog().toMillis() / 1000 - backlog.getOrDefault(channelId, 0));
      int allowed = shared(Math.min(pace.allowance(nanos), room));
      BroadcastSettings.Portfolio portfolio = campaigns.settings().portfolioOf(channelId);
      if (portfolio.dailyUniqueUsers() > 0) {
        Integer left = dayLeft.get(portfolio.name());
        if (left == null) {
          boolean others = portfolio.channels().isEmpty();
          List<String> members = others
              ? campaigns.settings().portfolios().stream().flatMap(p -> p.channels().stream()).toList() : portfolio.channels();
          CampaignStore.Reach reach = CampaignStore.reached(c, members, others, now.minus(DAY));
          left = Math.max(0, portfolio.dailyUniqueUsers() - reach.users());
          if (left == 0) {
            limitReason = "the business portfolio's limit of " + portfolio.dailyUniqueUsers() + " unique users in 24 hours is reached"
                + (reach.earliest() == null ? "" : "; it continues from " + DateTimeFormatter.ISO_INSTANT.format(reach.earliest().plus(DAY)));
          }
        }
        allowed = Math.min(allowed, left);
        if (allowed <= 0) {
          dayLeft.put(portfolio.name(), left);
          continue;
        }
        List<CampaignStore.Pending> some = CampaignStore.pending(c, x.id(), channelId, allowed, limitedSince);
        dayLeft.put(portfolio.name(), left - some.size());
        chosen.addAll(some);
      } else if (allowed > 0) {
        chosen.addAll(CampaignStore.pending(c, x.id(), channelId, allowed, limitedSince));
      }
    }
    if (chosen.isEmpty() && limitReason == null && limitedSince != null) {
      limitReason = CampaignStore.allLimited(c, x.id(), limitedSince).map(l -> "the " + l.count() + " recipients left reached Meta's "
          + "per-user marketing limit (" + CampaignStore.PER_USER_MARKETING_LIMIT + ") lately; it continues from "
          + DateTimeFormatter.ISO_INSTANT.format(l.earliest().plus(DAY))).orElse(null);
    }
    return new Batch(chosen, true, chosen.isEmpty() ? limitReason : null);
  }

  private void yieldToCitizens() {
    long above = campaigns.settings().yieldAbove().toNanos();
    boolean waiting = above > 0 && campaigns.waiting().nanos() > above;
    share = waiting ? Math.max(LEAST_SHARE, share / 2) : Math.min(1.0, share + RECOVERY);
    campaigns.progress().share(share);
  }

  /** The share of a round's allowance that goes now: at least one while any is allowed, so every channel moves. */
  private int shared(int allowed) {
    return share >= 1.0 || allowed <= 0 ? allowed : Math.max(1, (int) (allowed * share));
  }

  private int rate(String channelId) {
    return campaigns.directory().channel(channelId).map(Channel::messagesPerSecond).orElse(Channel.DEFAULT_MESSAGES_PER_SECOND);
  }

  private CompletionStage<Void> deliver(Campaign x, List<CampaignStore.Pending> recipients) {
    long nanos = System.nanoTime();
    Map<String, Integer> perChannel = new HashMap<>();
    for (CampaignStore.Pending p : recipients) perChannel.merge(p.channelId(), 1, Integer::sum);
    perChannel.forEach((channelId, count) -> paces.get(channelId).handedOut(nanos, count));
    CompletableFuture<List<CampaignStore.Result>> answers = inTurns(recipients, campaigns.settings().handOverParallelism(), p -> {
      CompletionStage<CampaignDelivery.Answer> answer;
      try {
        answer = campaigns.delivery().deliver(p.citizenId(), campaigns.message(x, p));
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      return answer.toCompletableFuture().orTimeout(HAND_OVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((a, failure) ->
          failure != null ? new CampaignStore.Result(p.citizenId(), "pending", String.valueOf(failure))
              : new CampaignStore.Result(p.citizenId(), a == CampaignDelivery.Answer.NOT_SUBSCRIBED ? "not-subscribed" : "queued", null));
    });
    return answers.thenCompose(results -> {
      return sql(c -> {
        CampaignStore.record(c, x.id(), results, campaigns.settings().maxAttempts(), campaigns.clock().instant());
        return null;
      }).thenRun(() -> campaigns.progress().handed(results));
    });
  }

  /**
   * Each item's answer, in the items' order, with at most {@code parallelism} asked and not answered
   * at once; {@code ask} never fails (its failures are answers).
   */
  static <T, R> CompletableFuture<List<R>> inTurns(List<T> items, int parallelism, Function<T, CompletableFuture<R>> ask) {
    Object[] results = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    CompletableFuture<?>[] lanes = new CompletableFuture<?>[Math.min(parallelism, items.size())];
    for (int lane = 0; lane < lanes.length; lane++) lanes[lane] = askInTurn(items, next, results, ask);
    return CompletableFuture.allOf(lanes).thenApply(done -> {
      @SuppressWarnings("unchecked")
      List<R> answered = (List<R>) java.util.Arrays.asList(results);
      return answered;
    });
  }

  /** One lane: asks the next unasked item, then the next once it is answered, until none is left. */
  private static <T, R> CompletableFuture<Void> askInTurn(List<T> items, AtomicInteger next, Object[] results,
      Function<T, CompletableFuture<R>> ask) {
    while (true) {
      int i = next.getAndIncrement();
      if (i >= items.size()) return CompletableFuture.completedFuture(null);
      CompletableFuture<R> answer = ask.apply(items.get(i));
      if (answer.isDone()) { // answered at once: the next in this loop, not in a deeper call
        results[i] = answer.join();
        continue;
      }
      return answer.thenCompose(result -> {
        results[i] = result;
        return askInTurn(items, next, results, ask);
      });
    }
  }

  private CompletionStage<Void> hold(Campaign x, String reason) {
    if (x.state() == Campaign.State.HELD && reason.equals(x.heldReason())) return CompletableFuture.completedFuture(null);
    log.info("campaign {} held: {}", x.id(), reason);
    return sql(c -> CampaignStore.move(c, x.id(), List.of(Campaign.State.RUNNING, Campaign.State.HELD), Campaign.State.HELD, reason,
        null, campaigns.clock().instant())).thenApply(moved -> null);
  }

  private CompletionStage<Void> move(Campaign x, Campaign.State from, Campaign.State to, String reason) {
    return sql(c -> CampaignStore.move(c, x.id(), List.of(from), to, reason, null, campaigns.clock().instant())).thenApply(moved -> null);
  }

  private CompletionStage<Void> finish(Campaign x) {
    log.info("campaign {} finished", x.id());
    return sql(c -> CampaignStore.move(c, x.id(), List.of(Campaign.State.RUNNING, Campaign.State.HELD), Campaign.State.FINISHED, null,
        null, campaigns.clock().instant())).thenApply(moved -> null);
  }

  private <T> CompletionStage<T> sql(chaupal.db.BlockingSql.Work<T> work) {
    return BlockingSql.run(campaigns.dataSource(), campaigns.executor(), work);
  }
}
