package chaupal.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Complete grievance filings on the Punjab channel: {@code filings} new citizens a second (open
 * model) for {@code duration} seconds, each going greeting, English, a free-text complaint, the
 * confirmation, a description when asked, a location near a Punjab ULB, a photo, the summary's
 * Confirm, and "status" ({@link Filings}: the bot's buttons read from the simulator).
 *
 * <p>Every {@code sampleEvery}-th citizen, when {@code adminPassword} is given, also measures the
 * time from the summary's Confirm being answered 200 to its case answering 200 on {@code GET
 * /api/v1/cases/{number}}. It includes the wait for the acknowledgement that names the number,
 * and up to one poll interval; its p50/p99/max go to the ledger.
 *
 * <p>Warm-up, when {@code warmUp} > 0: filings starting at a rate that grows from 1 to
 * {@code filings} a second, named apart ("warm-up greeting", ...).
 *
 * <p>A webhook answered 429/503 is re-delivered as Meta does ("... redelivery"), in both phases: the
 * ledger counts them ({@code shed}, {@code redeliveries}); one still refused at the last delivery fails.
 */
public final class GrievanceSimulation extends Simulation {

  /** Citizens 919802000000 on: clear of the webhook simulation's (919800...) and the tests' numbers. */
  static final long FIRST_CITIZEN = 2_000_000L;
  private static final Channel PUNJAB = Channel.ALL.get(0);

  private final String baseUrl = RunParameters.loopbackBaseUrl();
  private final long filingsPerSecond = RunParameters.whole("filings", 50, 1);
  private final long durationSeconds = RunParameters.whole("duration", 180, 1);
  private final long warmUpSeconds = RunParameters.whole("warmUp", 0, 0);
  private final int p99Ms = RunParameters.count("p99Ms", 250, 1);
  private final int caseVisibleP99Ms = RunParameters.count("caseVisibleP99Ms", 2000, 1);

  private final MessageLedger ledger = new MessageLedger();
  private final WebhookTraffic traffic = WebhookTraffic.forRun(
      filingsPerSecond * (durationSeconds + warmUpSeconds), FIRST_CITIZEN, ledger);
  private final Filings filings = new Filings(baseUrl, traffic, Filing::new);

  {
    System.out.printf("GrievanceSimulation: %s, warm-up %d s, %d filings/s for %d s on %s, citizens from %d,"
            + " case visibility %s%n",
        baseUrl, warmUpSeconds, filingsPerSecond, durationSeconds, PUNJAB.phoneNumberId(), traffic.firstCitizen(),
        filings.describeSampling());

    PopulationBuilder steady = scenario("filings")
        .exec(filing(""))
        .injectOpen(constantUsersPerSec(filingsPerSecond).during(Duration.ofSeconds(durationSeconds)));
    PopulationBuilder population = warmUpSeconds == 0 ? steady : scenario("warm-up")
        .exec(filing("warm-up "))
        .injectOpen(rampUsersPerSec(1).to(filingsPerSecond).during(Duration.ofSeconds(warmUpSeconds)))
        .andThen(steady);

    List<Assertion> bar = new ArrayList<>();
    bar.add(global().failedRequests().count().is(0L));
    for (Filing.Step step : Filings.MEASURED_STEPS) {
      bar.add(details(step.requestName()).responseTime().percentile(99.0).lt(p99Ms));
    }
    setUp(population).protocols(WebhookTraffic.protocol()).assertions(bar);
  }

  private ChainBuilder filing(String prefix) {
    return exec(traffic.newCitizen(n -> Citizen.of(n, PUNJAB, Language.EN))).exec(filings.filing(prefix));
  }

  @Override
  public void before() {
    filings.signIn();
  }

  @Override
  public void after() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("filings_per_second", filingsPerSecond);
    figures.put("duration_seconds", durationSeconds);
    figures.putAll(filings.figures());
    figures.put("case_visible_bar_ms", caseVisibleP99Ms);
    ledger.write("GrievanceSimulation", traffic.firstCitizen(), figures);
    filings.writeCaseNumbers();
  }
}
