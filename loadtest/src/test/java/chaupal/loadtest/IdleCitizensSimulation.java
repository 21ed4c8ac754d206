package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Many citizens who each say "hi" once and then fall silent, to measure the heap a citizen costs
 * while it waits (run.sh takes a heap reading after a full GC before and after this run).
 * {@code citizens} citizens arrive at {@code rate} per second.
 */
public final class IdleCitizensSimulation extends Simulation {

  private final String baseUrl = RunParameters.loopbackBaseUrl();
  private final int citizens = RunParameters.count("citizens", 100_000, 1);
  private final long rate = RunParameters.whole("rate", 1000, 1);
  private final MessageLedger ledger = new MessageLedger();
  private final WebhookTraffic traffic = WebhookTraffic.forRun(citizens, ledger);

  {
    // Whole seconds at the given rate; the last second may carry a few extra citizens.
    long seconds = Math.max(1, (citizens + rate - 1) / rate);
    double perSecond = (double) citizens / seconds;
    System.out.printf("IdleCitizensSimulation: %s, %d citizens at %.1f/s over %d s, citizens from %d%n",
        baseUrl, citizens, perSecond, seconds, traffic.firstCitizen());

    setUp(scenario("idle citizens")
            .exec(traffic.newCitizen())
            .exec(traffic.deliverOnce(WebhookTraffic.HI, WebhookTraffic::hi))
            .injectOpen(constantUsersPerSec(perSecond).during(Duration.ofSeconds(seconds))))
        .protocols(WebhookTraffic.protocol())
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void after() {
    ledger.write("IdleCitizensSimulation", traffic.firstCitizen());
  }
}
