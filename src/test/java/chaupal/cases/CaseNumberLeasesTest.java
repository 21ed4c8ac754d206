package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Case numbers on real PostgreSQL: two nodes' allocators never hand out the same number. */
class CaseNumberLeasesTest {

  // 2026-06-15 in India
  static final long JUNE_2026 = 1_781_500_000_000L;

  static Database db;
  static ExecutorService jdbc;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("case_number_leases");
    jdbc = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() {
    jdbc.shutdownNow();
    db.close();
  }

  @Test
  void twoAllocatorsOnOneDatabaseNeverRepeatANumber() {
    CaseNumberLeases a = new CaseNumberLeases(db.dataSource(), jdbc, 20);
    CaseNumberLeases b = new CaseNumberLeases(db.dataSource(), jdbc, 7);
    List<CompletableFuture<String>> numbers = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 2000; i++) {
        CaseNumberLeases allocator = i % 2 == 0 ? a : b;
        numbers.add(CompletableFuture.supplyAsync(() -> allocator.reserve("JAL", JUNE_2026), callers)
            .thenCompose(stage -> stage.toCompletableFuture()));
      }
      Set<String> distinct = new HashSet<>();
      for (CompletableFuture<String> n : numbers) distinct.add(n.join());
      assertEquals(2000, distinct.size(), "no number twice");
      assertTrue(distinct.stream().allMatch(n -> n.matches("JAL-26-\\d{6}")), distinct.iterator().next());
      assertTrue(distinct.contains("JAL-26-000001"));
    } finally {
      callers.shutdownNow();
    }
    assertEquals("ZRK-26-000001", a.reserve("ZRK", JUNE_2026).toCompletableFuture().join(), "every prefix counts on its own");
  }

  @Test
  void theYearIsIndiasAndStartsItsOwnSequence() {
    CaseNumberLeases a = new CaseNumberLeases(db.dataSource(), jdbc, 20);
    // 2026-12-31T19:00Z is already 2027-01-01 00:30 in India.
    assertEquals("SGR-27-000001", a.reserve("SGR", 1_798_743_600_000L).toCompletableFuture().join());
    assertEquals("SGR-26-000001", a.reserve("SGR", JUNE_2026).toCompletableFuture().join());
  }

  @Test
  void aSequenceBeyondSixDigitsFailsClearly() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO case_number_block (prefix, year, next_sequence) VALUES ('PHG', 26, 999995)");
    }
    CaseNumberLeases a = new CaseNumberLeases(db.dataSource(), jdbc, 20);
    for (int i = 999_995; i <= 999_999; i++) {
      assertEquals("PHG-26-" + i, a.reserve("PHG", JUNE_2026).toCompletableFuture().join());
    }
    CompletionException e = assertThrows(CompletionException.class, () -> a.reserve("PHG", JUNE_2026).toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().contains("are all used"), e.getCause().getMessage());
  }
}
