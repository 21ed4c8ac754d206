package chaupal.broadcast;

import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Brings in consents that citizens gave on a tenant's web form (a city's sign-up page, a list moved
 * from another platform), each into the citizen's own record with source "web-form", the form's time
 * and its reference. The request is checked as a whole first (channel, topic, scope); then each row on
 * its own, so one bad row among good ones is named and the rest recorded; a row whose citizen does
 * not answer in time is named too, to be sent again. A citizen's own stop is never overridden.
 */
public final class ConsentImport {

  /** Rows in one request: a typical row is ~150 bytes, so a full request stays inside the API's 64 KiB body limit. */
  public static final int MAX_ROWS = 250;

  /** Citizens asked at the same time: the entities take them in parallel without crowding the journal. */
  private static final int PARALLEL = 64;

  private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{7,14}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final int MAX_REFERENCE = 200;
  /** A form's clock may run a little ahead of ours. */
  private static final Duration SKEW = Duration.ofMinutes(5);

  /** One consent on the form. */
  public record Row(String number, String language, String ulb, Integer ward, Instant consentedAt, String reference) {}

  /** A list for one channel and topic. */
  public record Batch(String channel, String topic, List<Row> consents) {
    public Batch {
      consents = consents == null ? List.of() : consents;
    }
  }

  /** A row not recorded, and why (index into the request's rows, from 0). */
  public record Problem(int index, String outcome, String reason) {}

  public record Result(int recorded, int alreadyActive, int endedByCitizen, int rejected, int unanswered, List<Problem> problems) {}

  private final Directory directory;
  private final ConsentRecording recording;
  private final Clock clock;
  private final Materializer materializer;

  ConsentImport(Directory directory, ConsentRecording recording, Clock clock, Materializer materializer) {
    this.directory = directory;
    this.recording = recording;
    this.clock = clock;
    this.materializer = materializer;
  }

  CompletionStage<Result> run(Campaigns.Official who, Batch batch) {
    if (who.readOnly()) return Campaigns.refused(Campaigns.Refused.Reason.FORBIDDEN, null, "this role reads subscriptions and cannot import them");
    Channel channel;
    Tenant tenant;
    try {
      channel = directory.channel(Campaigns.required(batch.channel(), "channel"))
          .filter(c -> c.tenantId().equals(who.tenant()))
          .orElseThrow(() -> Campaigns.invalid("channel", "no channel " + batch.channel() + " in tenant " + who.tenant()));
      tenant = directory.tenantOf(channel);
      if (tenant.topic(Campaigns.required(batch.topic(), "topic")).isEmpty()) {
        throw Campaigns.invalid("topic", "no topic " + batch.topic() + " in tenant " + tenant.id() + " (topics: "
            + tenant.topics().stream().map(chaupal.tenancy.Topic::id).toList() + ")");
      }
      if (batch.consents().isEmpty()) throw Campaigns.invalid("consents", "no consents to import");
      if (batch.consents().size() > MAX_ROWS) {
        throw Campaigns.invalid("consents", batch.consents().size() + " consents in one request; send at most " + MAX_ROWS + " a request");
      }
    } catch (Campaigns.Refused r) {
      return CompletableFuture.failedFuture(r);
    }

    List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Integer> valid = new ArrayList<>();
    Set<String> numbers = new HashSet<>();
    Instant latest = clock.instant().plus(SKEW);
    for (int i = 0; i < batch.consents().size(); i++) {
      Row row = batch.consents().get(i);
      String reason = problemWith(row, who, channel, tenant, latest);
      if (reason == null && !numbers.add(row.number())) reason = "the number is in this request twice";
      if (reason != null) problems.add(new Problem(i, "rejected", reason));
      else valid.add(i);
    }
    int rejected = problems.size();
    AtomicInteger recorded = new AtomicInteger();
    AtomicInteger already = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    return Source.from(valid).mapAsyncUnordered(PARALLEL, i -> {
      Row row = batch.consents().get(i);
      String language = row.language() == null ? channel.defaultLanguage() : row.language();
      return recording.record(row.number(), new ConsentRecording.WrittenConsent(channel.phoneNumberId(), batch.topic(), language,
              row.ulb(), row.ward(), row.consentedAt(), row.reference(), who.name()))
          .handle((outcome, failure) -> {
            if (failure != null) {
              // It may yet be recorded: sent again, such a row answers already_active.
              unanswered.incrementAndGet();
              problems.add(new Problem(i, "unanswered", "the citizen's record did not answer in time; send this row again"));
              return null;
            }
            switch (outcome) {
              case RECORDED -> recorded.incrementAndGet();
              case ALREADY_ACTIVE -> already.incrementAndGet();
              case ENDED_BY_CITIZEN -> {
                ended.incrementAndGet();
                problems.add(new Problem(i, "ended-by-citizen", "the citizen ended this topic themselves; only they can start it again"));
              }
            }
            return null;
          });
    }).runWith(Sink.ignore(), materializer).thenApply(done -> {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(java.util.Comparator.comparingInt(Problem::index));
      return new Result(recorded.get(), already.get(), ended.get(), rejected, unanswered.get(), sorted);
    });
  }

  /** Why this row cannot be recorded, or null. */
  private String problemWith(Row row, Campaigns.Official who, Channel channel, Tenant tenant, Instant latest) {
    if (row == null) return "an empty row";
    if (row.number() == null || !NUMBER.matcher(row.number()).matches()) {
      return "number must be the citizen's WhatsApp number with country code, digits only (e.g. 9198...)";
    }
    if (row.language() != null && !(LANGUAGE.matcher(row.language()).matches() && channel.offers(row.language()))) {
      return "language must be one this channel offers: " + channel.languages();
    }
    if (row.ulb() != null && tenant.ulbs().stream().noneMatch(u -> u.code().equals(row.ulb()))
        && tenant.areas().stream().noneMatch(a -> a.id().equals(row.ulb()))) {
      return "no ULB " + printable(row.ulb()) + " in tenant " + tenant.id();
    }
    if (!who.ulbs().isEmpty() && (row.ulb() == null || !who.ulbs().contains(row.ulb()))) {
      return "ulb must be one of yours: " + who.ulbs();
    }
    if (row.ward() != null && (row.ward() < 1 || row.ward() > 10_000)) return "ward must be a ward number from 1";
    if (row.consentedAt() == null) return "consented_at (when the citizen agreed on the form, ISO-8601) is needed";
    if (row.consentedAt().isAfter(latest)) return "consented_at is in the future";
    if (row.reference() == null || row.reference().isBlank()) return "reference (the form's record of this consent) is needed";
    if (row.reference().length() > MAX_REFERENCE || row.reference().chars().anyMatch(Character::isISOControl)) {
      return "reference must be up to " + MAX_REFERENCE + " characters without control characters";
    }
    return null;
  }

  /** A value from the request shown in an answer: short, and without control characters. */
  private static String printable(String value) {
    String shown = value.codePoints().filter(c -> !Character.isISOControl(c)).limit(40)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return "\"" + shown + "\"";
  }
}
