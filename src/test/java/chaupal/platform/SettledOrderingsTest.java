package chaupal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SettledOrderingsTest {

  @Test
  void aGapIsGivenOnlyOnceEveryTransactionOfTheReadingThatSawItHasEnded() {
    SettledOrderings settled = new SettledOrderings();
    // 3 is missing; transactions 100 to 104 may be running, so one of them may still write it.
    assertEquals(List.of(1L, 2L, 4L, 5L), settled.orderings(0, 10, new SettledOrderings.Reading(List.of(1L, 2L, 4L, 5L), 5, 100, 105)));
    // Transaction 103 still runs: 3 may be its.
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), settled.orderings(0, 10, new SettledOrderings.Reading(List.of(1L, 2L, 4L, 5L, 6L), 6, 103, 107)));
    // Every transaction below 105 has ended and 3 is still missing: it never will be.
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), settled.orderings(0, 10, new SettledOrderings.Reading(List.of(1L, 2L, 4L, 5L, 6L), 6, 105, 108)));
  }

  @Test
  void aGapAboveTheSettledPointWaitsForItsOwnTransactions() {
    SettledOrderings settled = new SettledOrderings();
    settled.orderings(0, 10, new SettledOrderings.Reading(List.of(1L, 3L), 3, 10, 12));
    assertEquals(List.of(1L, 2L, 3L, 5L), settled.orderings(0, 10, new SettledOrderings.Reading(List.of(1L, 3L, 5L), 5, 12, 14)));
    // 4 was missing in the reading of xmax 14; transaction 13 still runs.
    assertEquals(List.of(4L, 5L), settled.orderings(3, 10, new SettledOrderings.Reading(List.of(4L, 5L), 5, 13, 15)));
  }

  @Test
  void aFreshReaderIsGivenTheSettledHistoryWithoutReadingIt() {
    SettledOrderings settled = new SettledOrderings();
    List<Long> sparse = List.of(1L, 7L, 40_000L);
    settled.orderings(0, 10_000, new SettledOrderings.Reading(sparse, 40_000, 500, 501));
    assertEquals(List.of(1L, 7L, 40_000L), settled.orderings(0, 10_000, new SettledOrderings.Reading(sparse, 40_000, 500, 502)));
    List<Long> first = settled.orderings(0, 10_000, new SettledOrderings.Reading(sparse, 40_000, 501, 502));
    assertEquals(LongStream.rangeClosed(1, 10_000).boxed().toList(), first, "a full batch, so the reader asks again at once");
    assertTrue(settled.settledThrough(10_000, 10_000));
    assertEquals(LongStream.rangeClosed(30_001, 40_000).boxed().toList(), settled.settledAbove(30_000, 10_000));
    assertFalse(settled.settledThrough(35_000, 10_000));
    assertEquals(40_000, settled.readFrom(35_000));
    assertEquals(List.of(40_001L), settled.orderings(40_000, 10_000, new SettledOrderings.Reading(List.of(40_001L), 40_001, 502, 503)));
  }
}
