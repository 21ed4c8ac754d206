package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Citizens chatting with the bot at a steady arrival rate, then an optional burst.
 *
 * <p>Steady phase: {@code rate / messagesPerCitizen} new citizens per second for {@code duration}
 * seconds (open model: arrivals do not wait for the server). Each citizen sends "hi", taps a
 * language button, then writes free text, each message only after the previous one was answered
 * 200. A 429/503 here is a failure: the server is meant to keep up with this rate. With
 * {@code redeliverShed=true} (for rates beyond the machine) a shed message is re-delivered as in
 * the burst instead, and the citizen goes on once it is answered 200.
 *
 * <p>Burst phase, once the steady citizens are done: {@code burst} new citizens each say "hi", sent
 * as fast as {@code burstConcurrency} parallel senders can (0: all at once). Shedding (429/503) is
 * allowed there; the same body is re-delivered with backoff, as Meta does, and must end in 200.
 *
 * <p>Warm-up, before the steady phase when {@code warmUp} > 0: citizens arrive at a rate that grows
 * from 1 to the steady rate over {@code warmUp} seconds, with their requests named apart ("warm-up
 * hi", ...), so that the JIT compiler, the connection pools and the database's statistics are in
 * the state a running deployment is in. The bar is on the steady requests only. A node still
 * warming up may shed: a warm-up message answered 429/503 is re-delivered as in the burst, as
 * Meta does, and must end in 200.
 *
 * <p>Bar: no failed request, and p99 of every steady request type under {@code p99Ms}.
 */
public final class WebhookSimulation extends Simulation {

  private final String baseUrl = RunParameters.loopbackBaseUrl();
  private final long rate = RunParameters.whole("rate", 2000, 0);
  private final long durationSeconds = RunParameters.whole("duration", 60, 1);
  private final int messagesPerCitizen = RunParameters.count("messagesPerCitizen", 5, 1);
  private final long pauseMs = RunParameters.whole("pauseMs", 1000, 0);
  private final int burst = RunParameters.count("burst", 5000, 0);
  private final int burstConcurrency = RunParameters.count("burstConcurrency", 500, 0);
  private final WebhookTraffic.Redelivery redelivery = WebhookTraffic.Redelivery.fromRunParameters();
  private final int p99Ms = RunParameters.count("p99Ms", 250, 1);
  private final long warmUpSeconds = RunParameters.whole("warmUp", 0, 0);
  private final boolean redeliverShed = Boolean.parseBoolean(RunParameters.string("redeliverShed", "false"));

  private final double citizensPerSecond = (double) rate / messagesPerCitizen;
  private final MessageLedger ledger = new MessageLedger();
  private final WebhookTraffic traffic =
      WebhookTraffic.forRun((long) Math.ceil(citizensPerSecond * (durationSeconds + warmUpSeconds)) + burst, ledger);

  {
    System.out.printf("WebhookSimulation: %s, warm-up %d s, %d msg/s for %d s (%.1f citizens/s x %d messages, %d ms apart),"
            + " then burst %d (concurrency %s), citizens from %d%n",
        baseUrl, warmUpSeconds, rate, durationSeconds, citizensPerSecond, messagesPerCitizen, pauseMs, burst,
        burstConcurrency == 0 ? "all at once" : burstConcurrency, traffic.firstCitizen());

    List<PopulationBuilder> populations = new ArrayList<>();
    if (rate > 0) {
      PopulationBuilder steady = scenario("steady")
          .exec(traffic.newCitizen())
          .exec(conversation("", redeliverShed))
          .injectOpen(constantUsersPerSec(citizensPerSecond).during(Duration.ofSeconds(durationSeconds)));
      PopulationBuilder measured = burst > 0 ? steady.andThen(burstPhase()) : steady;
      populations.add(warmUpSeconds == 0 ? measured : scenario("warm-up")
          .exec(traffic.newCitizen())
          .exec(conversation("warm-up ", true))
          .injectOpen(rampUsersPerSec(1).to(citizensPerSecond).during(Duration.ofSeconds(warmUpSeconds)))
          .andThen(measured));
    } else if (burst > 0) {
      populations.add(burstPhase());
    } else {
      throw new IllegalArgumentException("nothing to send: -Drate and -Dburst are both 0");
    }

    List<Assertion> bar = new ArrayList<>();
    bar.add(global().failedRequests().count().is(0L));
    if (rate > 0) {
      for (String request : steadyRequestNames()) {
        bar.add(details(request).responseTime().percentile(99.0).lt(p99Ms));
      }
    }
    setUp(populations).protocols(WebhookTraffic.protocol()).assertions(bar);
  }

  private ChainBuilder conversation(String namePrefix, boolean redeliver) {
    List<ChainBuilder> steps = new ArrayList<>();
    for (int n = 0; n < messagesPerCitizen; n++) {
      if (n > 0 && pauseMs > 0) {
        steps.add(pause(Duration.ofMillis(pauseMs)));
      }
      String name = namePrefix + (n == 0 ? WebhookTraffic.HI : n == 1 ? WebhookTraffic.LANGUAGE : WebhookTraffic.TEXT);
      WebhookTraffic.Composer message = n == 0 ? WebhookTraffic::hi : n == 1 ? WebhookTraffic::languageChoice : WebhookTraffic.complaint(n);
      steps.add(redeliver
          ? traffic.deliverUntilAcknowledged(name, message, redelivery)
          : traffic.deliverOnce(name, message));
    }
    return exec(steps);
  }

  private PopulationBuilder burstPhase() {
    ChainBuilder oneCitizen = exec(traffic.newCitizen())
        .exec(traffic.deliverUntilAcknowledged("burst hi", WebhookTraffic::hi, redelivery));
    if (burstConcurrency == 0 || burstConcurrency >= burst) {
      return scenario("burst").exec(oneCitizen).injectOpen(atOnceUsers(burst));
    }
    // Each sender takes the next citizen until the burst is used up.
    AtomicLong left = new AtomicLong(burst);
    return scenario("burst")
        .exec(asLongAs(session -> left.getAndDecrement() > 0).on(oneCitizen))
        .injectOpen(atOnceUsers(burstConcurrency));
  }

  private List<String> steadyRequestNames() {
    return List.of(WebhookTraffic.HI, WebhookTraffic.LANGUAGE, WebhookTraffic.TEXT)
        .subList(0, Math.min(3, messagesPerCitizen));
  }

  @Override
  public void after() {
    ledger.write("WebhookSimulation", traffic.firstCitizen());
  }
}
