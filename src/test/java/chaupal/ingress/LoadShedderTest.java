package chaupal.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadShedderTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000 * MS);
  final List<Runnable> queued = new ArrayList<>();
  final Executor dispatcher = queued::add; // a dispatcher whose tasks run only when the test says so
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final LoadShedder shedder = new LoadShedder(Duration.ofMillis(100), now::get, metrics);
  final LoadShedder.Probe probe = shedder.probe("default");

  void probeThatWaits(long millis) {
    probe.send(dispatcher);
    now.addAndGet(millis * MS);
    queued.remove(0).run();
  }

  @Test
  void aShortWaitShedsNothing() {
    for (int i = 0; i < 50; i++) probeThatWaits(20);
    assertEquals(0.0, shedder.shedShare());
    for (int i = 0; i < 1000; i++) assertFalse(shedder.shed(LoadShedder.MIN_BUSY));
  }

  @Test
  void theShareGrowsWithTheWaitAndIsAllAtTwiceTheTarget() {
    for (int i = 0; i < 50; i++) probeThatWaits(150);
    assertEquals(0.5, shedder.shedShare(), 0.02);
    int shed = 0;
    for (int i = 0; i < 10_000; i++) if (shedder.shed(LoadShedder.MIN_BUSY)) shed++;
    assertTrue(shed > 4_000 && shed < 6_000, "about half shed, was " + shed);
    for (int i = 0; i < 50; i++) probeThatWaits(300);
    assertEquals(1.0, shedder.shedShare());
    for (int i = 0; i < 1000; i++) assertTrue(shedder.shed(LoadShedder.MIN_BUSY));
    assertFalse(shedder.shed(LoadShedder.MIN_BUSY - 1), "a few webhooks in progress are never shed");
  }

  @Test
  void oneSlowProbeAmongQuickOnesIsSmoothedAway() {
    for (int i = 0; i < 50; i++) probeThatWaits(10);
    probeThatWaits(120); // a garbage-collection pause, say
    assertEquals(0.0, shedder.shedShare());
  }

  @Test
  void aStalledDispatcherIsSeenBeforeItsProbeRuns() {
    for (int i = 0; i < 50; i++) probeThatWaits(10);
    probe.send(dispatcher);
    now.addAndGet(250 * MS); // the probe is still queued
    assertEquals(1.0, shedder.shedShare());
    probe.send(dispatcher);
    assertEquals(1, queued.size(), "no second probe while one waits");
    queued.remove(0).run();
    for (int i = 0; i < 50; i++) probeThatWaits(10);
    assertEquals(0.0, shedder.shedShare(), "admission resumes once the dispatcher keeps up");
  }

  @Test
  void theMostWaitedDispatcherDecides() {
    LoadShedder.Probe io = shedder.probe("internal");
    for (int i = 0; i < 50; i++) {
      probeThatWaits(5);
      io.send(dispatcher);
      now.addAndGet(300 * MS);
      queued.remove(0).run();
    }
    assertEquals(1.0, shedder.shedShare(), "the TCP connections' dispatcher is saturated although the default one is not");
  }

  @Test
  void aStandingQueueBeforeTheJournalIsShedButOneSlowWriteIsNot() {
    for (int i = 0; i < 100; i++) {
      shedder.persisted(citizen(i), (i == 50 ? 4_000 : 8) * MS); // one write waited seconds, the rest 8 ms
      now.addAndGet(5 * MS);
    }
    now.addAndGet(1 * MS); // the window is complete
    assertEquals(0.008, metrics.get("chaupal.webhook.persist.standing").gauge().value(), 0.001);
    assertEquals(0.0, shedder.shedShare(), "one slow write among quick ones is no queue");

    for (int i = 0; i < 100; i++) {
      shedder.persisted(citizen(i), (150 + i) * MS); // every write in the window waited at least 150 ms
      now.addAndGet(5 * MS);
    }
    now.addAndGet(1 * MS);
    assertEquals(0.5, shedder.shedShare(), 0.001, "the quickest write of the last window decides");
    assertEquals(0.150, metrics.get("chaupal.webhook.persist.standing").gauge().value(), 0.001);

    now.addAndGet(2 * LoadShedder.WINDOW_MS * MS); // nothing admitted, so nothing written
    assertEquals(0.0, shedder.shedShare(), "a window without writes lets webhooks in again to judge anew");

    for (int i = 0; i < LoadShedder.MIN_WRITES - 1; i++) shedder.persisted(citizen(i), 900 * MS); // slow, but too few for a queue
    now.addAndGet(LoadShedder.WINDOW_MS * MS + 1);
    assertEquals(0.0, shedder.shedShare(), "a node's first few slow writes are no queue");
  }

  @Test
  void oneNumberFloodingTheNodeIsNoQueueOfTheNode() {
    for (int i = 0; i < 100; i++) {
      shedder.persisted("919800010001", (150 + 10 * i) * MS); // each of its writes waits behind its others
      now.addAndGet(5 * MS);
    }
    now.addAndGet(1 * MS);
    assertEquals(0.0, metrics.get("chaupal.webhook.persist.standing").gauge().value());
    assertEquals(0.0, shedder.shedShare(), "nobody else's webhook is shed for one number's queue");
  }

  /** A fictional citizen's number. */
  private static String citizen(int i) {
    return String.format("9198000100%02d", i);
  }

  @Test
  void aZeroTargetNeverShedsButStillMeasures() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    LoadShedder off = new LoadShedder(Duration.ZERO, now::get, own);
    off.probe("default").send(dispatcher);
    now.addAndGet(5_000 * MS);
    queued.remove(0).run();
    assertFalse(off.shed(1000));
    assertEquals(1, own.get("chaupal.dispatcher.wait").summary().count());
    assertEquals(5.0, own.get("chaupal.dispatcher.wait").summary().max(), 0.001);
  }
}
