package chaupal.citizen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DedupWindowTest {

  static final long DAY = 86_400_000L;

  @Test
  void remembersWithinTheWindowAndForgetsOlderEntries() {
    DedupWindow w = new DedupWindow();
    w.add("wamid.old", 0, 8 * DAY, 100);
    w.add("wamid.recent", 7 * DAY, 8 * DAY, 100);
    assertTrue(w.contains("wamid.old"), "seven days later a retry is still recognised");
    w.add("wamid.new", 9 * DAY, 8 * DAY, 100);
    assertFalse(w.contains("wamid.old"));
    assertTrue(w.contains("wamid.recent"));
    assertTrue(w.contains("wamid.new"));
    assertEquals(2, w.size());
  }

  @Test
  void isBoundedByCountDroppingTheOldest() {
    DedupWindow w = new DedupWindow();
    for (int i = 0; i < 10; i++) w.add("wamid." + i, i, 8 * DAY, 4);
    assertEquals(4, w.size());
    assertFalse(w.contains("wamid.5"));
    for (int i = 6; i < 10; i++) assertTrue(w.contains("wamid." + i));
  }

  @Test
  void survivesASnapshotRoundTrip() {
    DedupWindow w = new DedupWindow();
    for (int i = 0; i < 7; i++) w.add("wamid." + i, i, 8 * DAY, 100);
    DedupWindow copy = DedupWindow.of(w.hashesForSnapshot(), w.timesForSnapshot());
    for (int i = 0; i < 7; i++) assertTrue(copy.contains("wamid." + i));
    copy.add("wamid.7", 7, 8 * DAY, 100);
    assertEquals(8, copy.size());
  }
}
