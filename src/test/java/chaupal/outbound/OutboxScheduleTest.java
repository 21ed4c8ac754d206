package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.outbound.OutboxSchedule.Effect;
import chaupal.outbound.OutboxSchedule.Fetch;
import chaupal.outbound.OutboxSchedule.Later;
import chaupal.outbound.OutboxSchedule.Note;
import chaupal.outbound.OutboxSchedule.Now;
import chaupal.outbound.OutboxSchedule.OnTheWire;
import chaupal.outbound.OutboxSchedule.Send;
import chaupal.outbound.OutboxSchedule.Store;
import chaupal.outbound.OutboxSchedule.Synchronize;
import chaupal.outbound.OutboxSchedule.Timer;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The sender's decisions, event by event, with time and the table's answers given by the test. */
class OutboxScheduleTest {

  private static final String CHANNEL = "100000000000001";
  /** 10 messages per second: a bucket of one token, the next one 100 ms later. */
  private static final String SLOW_CHANNEL = "100000000000002";
  private static final String A = "919800010001";
  private static final String B = "919800010002";
  private static final String C = "919800010003";
  private static final String D = "919800010004";
  private static final long START_MILLIS = 1_750_000_000_000L;
  private static final OutgoingContent.Template TEMPLATE = new OutgoingContent.Template("case_status_update", "hi", List.of("PB-1"));

  private final OutboxSettings settings = OutboxSettings.defaults(1).withRates(Map.of(SLOW_CHANNEL, 10), 100_000);
  private OutboxSchedule schedule;
  private long nanos = 1_000_000_000L;

  private Now now() {
    return new Now(nanos, START_MILLIS + nanos / 1_000_000);
  }

  private void later(Duration d) {
    nanos += d.toNanos();
  }

  private static PendingMessage row(long id, String citizen, String channel, Lane lane) {
    MessageIntent intent = new MessageIntent(new OutgoingContent.Text("message " + id, false), TEMPLATE);
    return new PendingMessage(id, "k" + id, citizen, channel, citizen, lane, intent, null, START_MILLIS, null, 0, Duration.ZERO);
  }

  private static PendingMessage row(long id, String citizen) {
    return row(id, citizen, CHANNEL, Lane.REPLY);
  }

  private static List<OutboxStore.Inserted> committed(PendingMessage... rows) {
    return List.of(rows).stream().map(r -> new OutboxStore.Inserted(r, false)).toList();
  }

  /** Started, synchronized with an empty table: memory serves every citizen. */
  private void started(OutboxSettings settings) {
    schedule = new OutboxSchedule(settings, new Random(7));
    assertEquals(List.of(Synchronize.INSTANCE, new Fetch(List.of(), List.of(), settings.maxInFlight())), schedule.start(now()));
    assertEquals(List.of(), schedule.synced(now(), Set.of()));
    assertEquals(List.of(), schedule.fetched(now(), List.of()));
  }

  /** The messages sent, in order; a campaign message is sent once it is marked on the wire. */
  private static List<Long> sent(List<Effect> effects) {
    return effects.stream().flatMap(e -> e instanceof OnTheWire w ? w.sends().stream() : java.util.stream.Stream.of(e))
        .filter(e -> e instanceof Send).map(e -> ((Send) e).message().id()).toList();
  }

  private static <T extends Effect> List<T> only(Class<T> type, List<Effect> effects) {
    return effects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<Outcome> stored(List<Effect> effects) {
    List<Store> stores = only(Store.class, effects);
    assertTrue(stores.size() <= 1, "one write at a time: " + effects);
    return stores.isEmpty() ? List.of() : stores.get(0).outcomes();
  }

  /** The API accepts the message and its outcome is stored at once; what the schedule does next. */
  private List<Effect> acceptedAndStored(PendingMessage message) {
    List<Effect> answered = schedule.answered(now(), message, false, new SendResult.Accepted("wamid." + message.id()));
    assertEquals(List.of(), sent(answered), "nothing is taken before the outcome is stored");
    List<Outcome> outcomes = stored(answered);
    assertEquals(1, outcomes.size());
    return schedule.recorded(now(), outcomes);
  }

  @Test
  void aCitizensMessagesLeaveOneAfterAnotherInIdOrderWhateverTheirLanes() {
    started(settings);
    PendingMessage a1 = row(1, A, CHANNEL, Lane.CAMPAIGN);
    PendingMessage a2 = row(2, A, CHANNEL, Lane.REPLY);
    PendingMessage a3 = row(3, A, CHANNEL, Lane.NOTIFICATION);
    PendingMessage b4 = row(4, B, CHANNEL, Lane.REPLY);
    assertEquals(List.of(4L, 1L), sent(schedule.committed(now(), committed(a1, a2, b4))),
        "one message per citizen on the wire, the reply first");
    assertEquals(List.of(), sent(schedule.committed(now(), committed(a3))), "a later commit waits too");
    assertEquals(List.of(2L), sent(acceptedAndStored(a1)), "the reply waits for the campaign before it");
    assertEquals(List.of(), sent(acceptedAndStored(b4)));
    assertEquals(List.of(3L), sent(acceptedAndStored(a2)));
    assertEquals(List.of(), sent(acceptedAndStored(a3)));
  }

  @Test
  void campaignMessagesAreMarkedOnTheWireInOneWriteBeforeTheyAreSentAndRepliesAreNot() {
    started(settings);
    List<Effect> effects = schedule.committed(now(), committed(row(1, A, CHANNEL, Lane.CAMPAIGN), row(2, B, CHANNEL, Lane.REPLY),
        row(3, C, CHANNEL, Lane.CAMPAIGN), row(4, D, CHANNEL, Lane.NOTIFICATION)));
    assertEquals(List.of(2L, 4L), only(Send.class, effects).stream().map(s -> s.message().id()).toList(),
        "a reply and a notification go at once, without a write first");
    List<OnTheWire> marks = only(OnTheWire.class, effects);
    assertEquals(1, marks.size(), "one write for the batch: " + effects);
    assertEquals(List.of(1L, 3L), marks.get(0).sends().stream().map(s -> s.message().id()).toList());
    assertEquals(settings.doubtWindow(), marks.get(0).doubtWindow());
    assertEquals(Duration.ofSeconds(15), marks.get(0).doubtWindow(), "the default doubt window");
    assertEquals(List.of(), sent(acceptedAndStored(marks.get(0).sends().get(0).message())), "answered and stored as any send");
  }

  @Test
  void withoutADoubtWindowACampaignMessageIsSentWithoutAMark() {
    started(settings.withDoubtWindow(Duration.ZERO));
    List<Effect> effects = schedule.committed(now(), committed(row(1, A, CHANNEL, Lane.CAMPAIGN)));
    assertEquals(List.of(), only(OnTheWire.class, effects));
    assertEquals(List.of(1L), only(Send.class, effects).stream().map(s -> s.message().id()).toList());
  }

  @Test
  void repliesGoBeforeNotificationsBeforeCampaignsWhenTheyWaitForTheSameChannel() {
    started(settings);
    assertEquals(List.of(1L), sent(schedule.committed(now(), committed(row(1, A, SLOW_CHANNEL, Lane.CAMPAIGN)))));
    List<Effect> waiting = schedule.committed(now(), committed(row(2, B, SLOW_CHANNEL, Lane.CAMPAIGN),
        row(3, C, SLOW_CHANNEL, Lane.NOTIFICATION), row(4, D, SLOW_CHANNEL, Lane.REPLY)));
    assertEquals(List.of(), sent(waiting), "the channel's only token went");
    Later refill = only(Later.class, waiting).get(0);
    assertEquals(Timer.THROTTLE, refill.timer());
    List<Long> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      later(refill.delay());
      order.addAll(sent(schedule.throttleTick(now())));
    }
    assertEquals(List.of(4L, 3L, 2L), order);
  }

  @Test
  void aRowTheTableGaveBeforeItsHandOverIsNotSentAgainWhenTheHandOverArrives() {
    started(settings);
    PendingMessage a1 = row(1, A);
    schedule.wake(now());
    assertEquals(List.of(1L), sent(schedule.fetched(now(), List.of(a1))), "the query saw the row before its commit was handed over");
    assertEquals(List.of(), sent(schedule.committed(now(), committed(a1))));
    assertEquals(List.of(), sent(acceptedAndStored(a1)), "sent once");
    assertEquals(List.of(2L), sent(schedule.committed(now(), committed(row(2, A)))), "the citizen's next message comes from memory");
  }

  @Test
  void aDueHeadsAnswerIsStaleForACitizenTakenFromMemoryWhileTheQueryRan() {
    started(settings);
    PendingMessage a1 = row(1, A);
    assertEquals(1, only(Fetch.class, schedule.wake(now())).size());
    assertEquals(List.of(1L), sent(schedule.committed(now(), committed(a1))));
    assertEquals(List.of(), sent(acceptedAndStored(a1)));
    assertEquals(List.of(), sent(schedule.fetched(now(), List.of(a1))), "the query saw row 1 before it was stored as sent");
  }

  @Test
  void aCitizenPendingAtSynchronizationIsServedFromTheTableUntilItsHeadIsTheOneInMemory() {
    schedule = new OutboxSchedule(settings, new Random(7));
    schedule.start(now());
    // Rows 3 and 4 were handed over to a sender before this one; row 5 comes while the synchronization runs.
    assertEquals(List.of(), sent(schedule.committed(now(), committed(row(5, A)))));
    assertEquals(List.of(), sent(schedule.synced(now(), Set.of(A))), "memory does not know the citizen's older rows");
    assertEquals(List.of(3L), sent(schedule.fetched(now(), List.of(row(3, A)))));
    List<Effect> afterThree = acceptedAndStored(row(3, A));
    assertEquals(List.of(), sent(afterThree), "row 5 is not the citizen's head");
    assertEquals(1, only(Fetch.class, afterThree).size(), "the table has the next one");
    assertEquals(List.of(4L), sent(schedule.fetched(now(), List.of(row(4, A)))));
    assertEquals(1, only(Fetch.class, acceptedAndStored(row(4, A))).size());
    assertEquals(List.of(5L), sent(schedule.fetched(now(), List.of(row(5, A)))), "the table's head is memory's");
    schedule.committed(now(), committed(row(6, A)));
    List<Effect> afterFive = acceptedAndStored(row(5, A));
    assertEquals(List.of(6L), sent(afterFive), "memory serves the citizen again");
    assertEquals(List.of(), only(Fetch.class, afterFive));
  }

  @Test
  void afterMemoryOverflowsTheTableServesUntilCaughtUpThenTheSenderSynchronizesAgain() {
    OutboxSettings one = settings.withMaxInFlight(1);
    started(one);
    int limit = OutboxSchedule.MEMORY_PER_IN_FLIGHT;
    PendingMessage[] rows = IntStream.rangeClosed(1, limit + 1).mapToObj(i -> row(i, "91980001" + (1000 + i))).toArray(PendingMessage[]::new);
    List<Effect> overflow = schedule.committed(now(), committed(rows));
    assertEquals(List.of(), sent(overflow));
    assertEquals(Level.INFO, only(Note.class, overflow).get(0).level());
    assertEquals(List.of(new Fetch(List.of(), List.of(), 1)), only(Fetch.class, overflow));
    PendingMessage late = row(limit + 2, "919800019999");
    assertEquals(List.of(), schedule.committed(now(), committed(late)), "the running query is asked again instead");

    List<PendingMessage> table = new ArrayList<>(List.of(rows));
    table.add(late);
    for (PendingMessage head : table) {
      List<Effect> fetched = schedule.fetched(now(), List.of(head));
      assertEquals(List.of(head.id()), sent(fetched));
      assertEquals(List.of(), only(Synchronize.class, fetched), "not caught up yet");
      assertEquals(1, only(Fetch.class, acceptedAndStored(head)).size());
    }
    assertEquals(List.of(Synchronize.INSTANCE), schedule.fetched(now(), List.of()), "caught up");
    assertEquals(List.of(), schedule.synced(now(), Set.of()));
    assertEquals(List.of(100L), sent(schedule.committed(now(), committed(row(100, A)))), "memory serves again");
  }

  @Test
  void aRetryKeepsTheCitizenOutOfMemoryUntilItIsDue() {
    started(settings);
    PendingMessage a1 = row(1, A);
    assertEquals(List.of(1L), sent(schedule.committed(now(), committed(a1))));
    SendResult throttled = new SendResult.Rejected(429, new ApiError(130429, "Rate limit hit", null, ""), true, Duration.ofSeconds(2));
    List<Outcome> retry = stored(schedule.answered(now(), a1, false, throttled));
    Outcome.Retry r = assertInstanceOf(Outcome.Retry.class, retry.get(0));
    assertTrue(r.delay().compareTo(Duration.ofSeconds(2)) >= 0, "Meta's wait is a floor: " + r.delay());
    List<Effect> recorded = schedule.recorded(now(), retry);
    assertEquals(List.of(), sent(recorded));
    assertEquals(1, only(Fetch.class, recorded).size(), "the retry is read from the table");
    assertEquals(List.of(), sent(schedule.fetched(now(), List.of())), "not due yet: the table has nothing");
    assertEquals(List.of(), sent(schedule.committed(now(), committed(row(2, A)))), "row 1 is still the citizen's head");
    assertEquals(1, only(Fetch.class, schedule.wake(now())).size());
    assertEquals(List.of(), sent(schedule.fetched(now(), List.of())));

    later(r.delay());
    schedule.wake(now());
    PendingMessage again = new PendingMessage(1, "k1", A, CHANNEL, A, Lane.REPLY, a1.intent(), null, START_MILLIS, 130429, 1, r.delay());
    assertEquals(List.of(1L), sent(schedule.fetched(now(), List.of(again))));
    assertEquals(1, only(Fetch.class, acceptedAndStored(again)).size(), "the table shows whether row 2 is the head now");
    assertEquals(List.of(2L), sent(schedule.fetched(now(), List.of(row(2, A)))));
  }

  @Test
  void theFirstSendThroughAfterAnOutageMakesTheMessagesBackingOffFromItDue() {
    started(settings);
    PendingMessage a1 = row(1, A);
    PendingMessage b1 = row(2, B);
    PendingMessage c1 = row(3, C);
    PendingMessage d1 = row(4, D);
    assertEquals(List.of(1L, 2L, 3L, 4L), sent(schedule.committed(now(), committed(a1, b1, c1, d1))));
    SendResult pairLimit = new SendResult.Rejected(400, new ApiError(131056, "pair rate limit hit", null, ""), true, Duration.ZERO);
    schedule.recorded(now(), stored(schedule.answered(now(), c1, false, pairLimit)));
    assertEquals(List.of(), only(OutboxSchedule.Revive.class, acceptedAndStored(d1)), "a citizen's own limit says nothing of the channel");

    SendResult serverError = new SendResult.Rejected(500, new ApiError(131000, "Something went wrong", null, ""), true, Duration.ZERO);
    schedule.recorded(now(), stored(schedule.answered(now(), a1, false, serverError)));
    assertEquals(List.of(new OutboxSchedule.Revive(CHANNEL)), only(OutboxSchedule.Revive.class, acceptedAndStored(b1)),
        "the channel sends again: row 1 need not wait out its backoff");
    assertEquals(List.of(), only(OutboxSchedule.Revive.class, acceptedAndStored(row(5, B))), "once per outage");
  }

  @Test
  void aPartitionWhoseCitizensAllBackOffFromAnOutageTriesTheChannelWithOneMessageNowAndThen() {
    started(settings);
    PendingMessage a1 = row(1, A);
    PendingMessage b1 = row(2, B);
    assertEquals(List.of(1L, 2L), sent(schedule.committed(now(), committed(a1, b1))));
    SendResult serverError = new SendResult.Rejected(500, new ApiError(131000, "Something went wrong", null, ""), true, Duration.ZERO);
    List<Effect> first = schedule.recorded(now(), stored(schedule.answered(now(), a1, false, serverError)));
    assertEquals(List.of(new Later(Timer.OUTAGE_PROBE, OutboxSchedule.OUTAGE_PROBE)),
        only(Later.class, first).stream().filter(l -> l.timer() == Timer.OUTAGE_PROBE).toList(), "no other send may go through");
    List<Effect> second = schedule.recorded(now(), stored(schedule.answered(now(), b1, false, serverError)));
    assertEquals(List.of(), only(Later.class, second).stream().filter(l -> l.timer() == Timer.OUTAGE_PROBE).toList(),
        "armed once, not pushed back by every failure");
    List<Effect> fetched = schedule.fetched(now(), List.of());
    assertEquals(List.of(), sent(fetched), "both back off");
    if (!only(Fetch.class, fetched).isEmpty()) schedule.fetched(now(), List.of()); // the one asked for after the second commit

    later(OutboxSchedule.OUTAGE_PROBE);
    assertEquals(List.of(new OutboxSchedule.Probe(CHANNEL), new Later(Timer.OUTAGE_PROBE, OutboxSchedule.OUTAGE_PROBE)),
        schedule.probe(now()));
    assertEquals(1, only(Fetch.class, schedule.probed(now(), CHANNEL, 1)).size(), "the probed message is read from the table");
    assertEquals(List.of(new OutboxSchedule.Probe(CHANNEL), new Later(Timer.OUTAGE_PROBE, OutboxSchedule.OUTAGE_PROBE)),
        schedule.probe(now()), "still in an outage: tried again");
    schedule.probed(now(), CHANNEL, 0);
    assertEquals(List.of(), schedule.probe(now()), "nothing backs off any more: no more probes");
  }

  @Test
  void drainingSendsNothingNewAndStopsOnceTheWireIsRecorded() {
    started(settings);
    PendingMessage a1 = row(1, A, SLOW_CHANNEL, Lane.REPLY);
    assertEquals(List.of(1L), sent(schedule.committed(now(), committed(a1, row(2, B, SLOW_CHANNEL, Lane.REPLY)))));
    List<Effect> drain = schedule.drain(now());
    assertEquals(List.of(new Later(Timer.DRAIN_DEADLINE, settings.drainTimeout())), drain, "row 1 is on the wire");
    assertEquals(List.of(), schedule.committed(now(), committed(row(3, C))));
    later(Duration.ofSeconds(1));
    assertEquals(List.of(), schedule.throttleTick(now()), "row 2 stays pending for the next sender");
    assertEquals(List.of(), schedule.wake(now()));
    List<Outcome> outcome = stored(schedule.answered(now(), a1, false, new SendResult.Accepted("wamid.1")));
    assertEquals(List.of(), schedule.recordFailed(now(), outcome).stream().filter(e -> e == OutboxSchedule.Stop.INSTANCE).toList(),
        "an unstored outcome keeps the sender");
    assertEquals(outcome, stored(schedule.recordAgain(now())));
    assertEquals(List.of(OutboxSchedule.Stop.INSTANCE), schedule.recorded(now(), outcome));
  }

  @Test
  void aDrainThatTimesOutStopsAndSaysWhatIsLeft() {
    started(settings);
    schedule.committed(now(), committed(row(1, A)));
    assertEquals(1, schedule.drain(now()).size(), "only the deadline: row 1 is unanswered");
    List<Effect> timedOut = schedule.drainTimedOut();
    assertEquals(Level.WARN, only(Note.class, timedOut).get(0).level());
    assertTrue(only(Note.class, timedOut).get(0).text().startsWith("stopping with 1 sends unanswered"));
    assertEquals(OutboxSchedule.Stop.INSTANCE, timedOut.get(timedOut.size() - 1));
  }

  @Test
  void outcomesThatFailToBeStoredAreStoredLaterWithTheOnesThatCameMeanwhile() {
    started(settings);
    PendingMessage a1 = row(1, A);
    PendingMessage b2 = row(2, B);
    schedule.committed(now(), committed(a1, b2, row(3, A)));
    List<Outcome> first = stored(schedule.answered(now(), a1, false, new SendResult.Accepted("wamid.1")));
    assertEquals(List.of(), stored(schedule.answered(now(), b2, false, new SendResult.Accepted("wamid.2"))), "waits for the running write");
    assertEquals(List.of(new Later(Timer.RECORD_AGAIN, OutboxSchedule.RECORD_RETRY)), schedule.recordFailed(now(), first));
    List<Outcome> both = stored(schedule.recordAgain(now()));
    assertEquals(List.of(1L, 2L), both.stream().map(o -> o.message().id()).toList());
    assertEquals(List.of(3L), sent(schedule.recorded(now(), both)), "row 3 only after row 1 is stored");
  }

  @Test
  void aClosedWindowMetaReportsTurnsTheNextAttemptIntoTheTemplate() throws Exception {
    started(settings);
    PendingMessage a1 = row(1, A);
    List<Effect> committed = schedule.committed(now(), committed(a1));
    assertFalse(only(Send.class, committed).get(0).request().asTemplate(), "our clock says the window is open");
    SendResult closed = new SendResult.Rejected(400, new ApiError(131047, "Re-engagement message", null, ""), false, Duration.ZERO);
    List<Outcome> retry = stored(schedule.answered(now(), a1, false, closed));
    assertEquals(131047, assertInstanceOf(Outcome.Retry.class, retry.get(0)).errorCode());
    List<Effect> recorded = schedule.recorded(now(), retry);
    assertEquals(List.of(new Later(Timer.RETRY_DUE, Duration.ZERO)), only(Later.class, recorded));
    assertEquals(1, only(Fetch.class, recorded).size(), "at once, from the table");
    PendingMessage again = new PendingMessage(1, "k1", A, CHANNEL, A, Lane.REPLY, a1.intent(), null, START_MILLIS, 131047, 1, Duration.ZERO);
    Send template = only(Send.class, schedule.fetched(now(), List.of(again))).get(0);
    assertTrue(template.request().asTemplate());
    assertEquals("case_status_update", MetaJson.READER.readTree(template.request().json()).path("template").path("name").asText());
  }

  @Test
  void aMessageThatCanNoLongerArriveIsNotSentAndItsOutcomeIsStored() {
    started(settings);
    later(Duration.ofHours(25));
    PendingMessage freeFormOnly = new PendingMessage(1, "k1", A, CHANNEL, A, Lane.REPLY,
        MessageIntent.freeForm(new OutgoingContent.Text("hello", false)), null, START_MILLIS, null, 0, Duration.ZERO);
    List<Effect> committed = schedule.committed(now(), committed(freeFormOnly));
    assertEquals(List.of(), sent(committed));
    assertInstanceOf(Outcome.Expired.class, stored(committed).get(0));
    assertFalse(only(Note.class, committed).get(0).text().contains(A), "the recipient is masked");
  }
}
