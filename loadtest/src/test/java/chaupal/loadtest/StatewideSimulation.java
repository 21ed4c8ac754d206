package chaupal.loadtest;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A statewide burst: every Punjab ULB's citizens on the state channel, and the citizens of the other
 * four deployments (Gariaband's Samvad, Sagar's MP15, Jhabua, Delhi) on theirs, arriving at a rate
 * that rises from 0 to the peak in {@code ramp} seconds and holds for {@code duration} seconds
 * (open model). Each citizen is one phone sending in sequence: its next message leaves only after
 * the previous one was answered 200.
 *
 * <p>A share {@code filingShare} of the citizens file a complete grievance ({@link Filings}:
 * greeting, English, complaint, the bot's questions, location, photo, Confirm, "status"); a Punjab
 * filer shares its ULB's centre as the location, the ULBs taken in turn from {@code project-config/},
 * so every ULB gets its share. The others ask the menu's questions ("hi", a language, then
 * {@code questions} of helpline, help, areas, their complaints, in their language, {@code pauseMs}
 * apart). A citizen is on the Punjab channel with probability {@code punjabShare}, else on one of
 * the other four alike; its channel, language and kind follow from its number, so runs repeat.
 *
 * <p>{@code rate} is webhooks a second at the peak, about: a filing is about
 * {@value #WEBHOOKS_PER_FILING} webhooks, a questioner 2 + {@code questions}. Bar: no failed
 * request, and p99 of every webhook step under {@code p99Ms}.
 *
 * <p>Warm-up, when {@code warmUp} > 0: the same mix at a rate growing from 1 to the peak's
 * citizens a second over {@code warmUp} seconds before the burst, named apart ("warm-up hi", ...);
 * a cold JVM's compiling is then not in the burst.
 *
 * <p>A webhook answered 429/503 is re-delivered as Meta does ("... redelivery"), in the warm-up and
 * the burst alike: the ledger counts them ({@code shed}, {@code redeliveries}); one still refused at
 * the last delivery fails.
 */
public final class StatewideSimulation extends Simulation {

  /** Citizens 919803000000 on: clear of the webhook (919800...), grievance (919802...) and campaign (919805...) ones. */
  static final long FIRST_CITIZEN = 3_000_000L;
  static final int WEBHOOKS_PER_FILING = 10;
  static final String QUESTION = "question";
  private static final Channel PUNJAB = Channel.ALL.get(0);

  private final String baseUrl = RunParameters.loopbackBaseUrl();
  private final long rate = RunParameters.whole("rate", 500, 1);
  private final long rampSeconds = RunParameters.whole("ramp", 10, 0);
  private final long durationSeconds = RunParameters.whole("duration", 60, 1);
  private final double filingShare = RunParameters.fraction("filingShare", 0.3);
  private final double punjabShare = RunParameters.fraction("punjabShare", 0.6);
  private final int questions = RunParameters.count("questions", 3, 0);
  private final long pauseMs = RunParameters.whole("pauseMs", 1000, 0);
  private final int p99Ms = RunParameters.count("p99Ms", 250, 1);
  private final long warmUpSeconds = RunParameters.whole("warmUp", 0, 0);
  private final WebhookTraffic.Redelivery redelivery = WebhookTraffic.Redelivery.fromRunParameters();

  private final double webhooksPerCitizen = filingShare * WEBHOOKS_PER_FILING + (1 - filingShare) * (2 + questions);
  private final double citizensPerSecond = rate / webhooksPerCitizen;
  private final List<Ulb> ulbs = Ulb.of("punjab");
  private final MessageLedger ledger = new MessageLedger();
  private final WebhookTraffic traffic = WebhookTraffic.forRun(
      (long) Math.ceil(citizensPerSecond * ((warmUpSeconds + rampSeconds) / 2.0 + durationSeconds)) + 2, FIRST_CITIZEN, ledger);
  private final Filings filings = new Filings(baseUrl, traffic, this::filing);
  private final Map<String, LongAdder> citizensByChannel = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> filersByUlb = new ConcurrentHashMap<>();
  private final LongAdder questioners = new LongAdder();

  {
    System.out.printf("StatewideSimulation: %s, webhooks to %s, warm-up %d s, 0 to %d webhooks/s in %d s then %d s"
            + " (%.1f citizens/s; %.0f%% filing, %.0f%% on Punjab's %d ULBs), citizens from %d%n",
        baseUrl, RunParameters.loopbackWebhookUrls(), warmUpSeconds, rate, rampSeconds, durationSeconds, citizensPerSecond,
        filingShare * 100, punjabShare * 100, ulbs.size(), traffic.firstCitizen());

    PopulationBuilder burst = scenario("statewide").exec(citizen(""))
        .injectOpen(rampUsersPerSec(0).to(citizensPerSecond).during(Duration.ofSeconds(rampSeconds)),
            constantUsersPerSec(citizensPerSecond).during(Duration.ofSeconds(durationSeconds)));
    PopulationBuilder population = warmUpSeconds == 0 ? burst : scenario("warm-up")
        .exec(citizen("warm-up "))
        .injectOpen(rampUsersPerSec(1).to(citizensPerSecond).during(Duration.ofSeconds(warmUpSeconds)))
        .andThen(burst);

    Set<String> measured = new LinkedHashSet<>();
    if (filingShare > 0) Filings.MEASURED_STEPS.forEach(step -> measured.add(step.requestName()));
    if (filingShare < 1) {
      measured.addAll(List.of(WebhookTraffic.HI, WebhookTraffic.LANGUAGE));
      if (questions > 0) measured.add(QUESTION);
    }
    List<Assertion> bar = new ArrayList<>();
    bar.add(global().failedRequests().count().is(0L));
    measured.forEach(name -> bar.add(details(name).responseTime().percentile(99.0).lt(p99Ms)));
    setUp(population).protocols(WebhookTraffic.protocol()).assertions(bar);
  }

  /** One citizen, filing or asking; {@code prefix} names the warm-up's requests apart. */
  private ChainBuilder citizen(String prefix) {
    return exec(traffic.newCitizen(this::citizen))
        .doIfOrElse(session -> files(WebhookTraffic.citizen(session).number()))
        .then(filings.filing(prefix))
        .orElse(questions(prefix));
  }

  /** Citizen {@code number}: its channel, then whether it files (in English, as {@link Filing} reads the bot), then its language. */
  private Citizen citizen(long number) {
    SplittableRandom draws = new SplittableRandom(number);
    Channel channel = draws.nextDouble() < punjabShare ? PUNJAB : Channel.ALL.get(1 + draws.nextInt(Channel.ALL.size() - 1));
    boolean files = draws.nextDouble() < filingShare;
    Language language = files ? Language.EN : channel.languages().get(draws.nextInt(channel.languages().size()));
    citizensByChannel.computeIfAbsent(channel.phoneNumberId(), id -> new LongAdder()).increment();
    return Citizen.of(number, channel, language);
  }

  private boolean files(long number) {
    SplittableRandom draws = new SplittableRandom(number);
    draws.nextDouble();
    return draws.nextDouble() < filingShare;
  }

  /** A Punjab filer locates its ULB (the ULBs in turn by citizen number); elsewhere the filing's own places. */
  private Filing filing(Citizen citizen) {
    if (!citizen.channel().equals(PUNJAB)) return new Filing(citizen);
    Ulb ulb = ulbs.get((int) Math.floorMod(citizen.number(), (long) ulbs.size()));
    filersByUlb.computeIfAbsent(ulb.code(), code -> new LongAdder()).increment();
    return new Filing(citizen, ulb.place());
  }

  private ChainBuilder questions(String prefix) {
    List<ChainBuilder> steps = new ArrayList<>();
    steps.add(exec(session -> {
      questioners.increment();
      return session;
    }));
    steps.add(deliver(prefix + WebhookTraffic.HI, WebhookTraffic::hi));
    steps.add(pause(Duration.ofMillis(pauseMs)));
    steps.add(deliver(prefix + WebhookTraffic.LANGUAGE, WebhookTraffic::languageChoice));
    for (int n = 0; n < questions; n++) {
      steps.add(pause(Duration.ofMillis(pauseMs)));
      steps.add(deliver(prefix + QUESTION, WebhookTraffic.question(n)));
    }
    return exec(steps);
  }

  private ChainBuilder deliver(String name, WebhookTraffic.Composer message) {
    return traffic.deliverUntilAcknowledged(name, message, redelivery);
  }

  @Override
  public void after() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("peak_webhooks_per_second", rate);
    figures.put("ramp_seconds", rampSeconds);
    figures.put("duration_seconds", durationSeconds);
    figures.put("questioners", questioners.sum());
    figures.put("ulbs", ulbs.size());
    figures.put("ulbs_with_filers", filersByUlb.size());
    Channel.ALL.forEach(c -> figures.put("citizens_" + c.phoneNumberId(),
        citizensByChannel.getOrDefault(c.phoneNumberId(), new LongAdder()).sum()));
    figures.putAll(filings.figures());
    ledger.write("StatewideSimulation", traffic.firstCitizen(), figures);
    filings.writeCaseNumbers();
  }
}
