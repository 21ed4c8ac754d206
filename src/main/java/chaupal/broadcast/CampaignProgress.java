package chaupal.broadcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Campaign progress for the operator, from the node the runner is on (the others say 0): the
 * campaigns active at the last round by state, in {@code chaupal_campaigns_active{state}}, and the
 * recipients handed to their citizens by what came of it, in {@code chaupal_campaign_recipients_total{result}}.
 */
final class CampaignProgress {

  private static final List<Campaign.State> ACTIVE = List.of(Campaign.State.SCHEDULED, Campaign.State.RUNNING, Campaign.State.HELD);

  private final Map<Campaign.State, AtomicInteger> active = new EnumMap<>(Campaign.State.class);
  private final MeterRegistry registry;
  /** The share of their pace the campaigns hand over now, in thousandths (below 1,000: yielding to citizens). */
  private final AtomicInteger share = new AtomicInteger(1000);

  CampaignProgress(MeterRegistry registry) {
    this.registry = registry;
    for (Campaign.State state : ACTIVE) {
      AtomicInteger count = new AtomicInteger();
      active.put(state, count);
      Gauge.builder("chaupal.campaigns.active", count, AtomicInteger::get).description("campaigns due or running at the last round")
          .tag("state", state.key()).register(registry);
    }
    recipients("queued");
    Gauge.builder("chaupal.campaign.pace.share", share, s -> s.get() / 1000.0)
        .description("the share of their channels' pace the campaigns hand over now; below 1 while citizens wait on the runner's node")
        .register(registry);
  }

  void share(double now) {
    share.set((int) Math.round(now * 1000));
  }

  void round(List<Campaign> campaigns) {
    for (Campaign.State state : ACTIVE) {
      active.get(state).set((int) campaigns.stream().filter(c -> c.state() == state).count());
    }
  }

  /** {@code result}: queued, not-subscribed, or pending (the hand-over failed and is tried again). */
  void handed(List<CampaignStore.Result> results) {
    for (CampaignStore.Result r : results) recipients(r.state()).increment();
  }

  private Counter recipients(String result) {
    return Counter.builder("chaupal.campaign.recipients").description("campaign recipients handed to their citizens, by result")
        .tag("result", result).register(registry);
  }
}
