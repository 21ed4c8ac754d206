package chaupal.cases;

import chaupal.db.BlockingSql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Hands out case numbers such as {@code JAL-26-004217}: prefix, two-digit year (in India) and a
 * six-digit sequence per prefix and year. Numbers are leased from {@code case_number_block} in
 * blocks, one UPSERT a block, so nodes never hand out the same number; within a node they are
 * handed out from memory. A block a node did not finish is lost when it stops: numbers have gaps.
 * Thread-safe; the caller's thread never waits for the database.
 */
public final class CaseNumberLeases {

  /** The largest sequence six digits hold. */
  public static final int MAX_SEQUENCE = 999_999;

  private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

  // Inserts the first block of a prefix and year, or moves past the next one; returns the sequence after the block.
  private static final String LEASE = """
      INSERT INTO case_number_block (prefix, year, next_sequence) VALUES (?, ?, ?)
      ON CONFLICT (prefix, year) DO UPDATE SET next_sequence = case_number_block.next_sequence + EXCLUDED.next_sequence - 1
      RETURNING next_sequence""";

  private final DataSource dataSource;
  private final Executor executor;
  private final int blockSize;
  private final Map<String, Pool> pools = new HashMap<>();

  /** The numbers of one prefix and year this node holds ({@code next} up to {@code last}) and who waits for more. */
  private static final class Pool {
    final String prefix;
    final int year;
    long next = 1;
    long last = 0;
    boolean leasing;
    final ArrayDeque<CompletableFuture<String>> waiting = new ArrayDeque<>();

    Pool(String prefix, int year) {
      this.prefix = prefix;
      this.year = year;
    }

    String number(long sequence) {
      return String.format("%s-%02d-%06d", prefix, year, sequence);
    }
  }

  public CaseNumberLeases(DataSource dataSource, Executor executor, int blockSize) {
    if (blockSize < 1) throw new IllegalArgumentException("a block holds at least one number, not " + blockSize);
    this.dataSource = dataSource;
    this.executor = executor;
    this.blockSize = blockSize;
  }

  /**
   * The next number of a prefix in the year of {@code nowMillis}; fails when the year's six digits
   * are used up (or the database cannot be reached).
   */
  public CompletionStage<String> reserve(String prefix, long nowMillis) {
    int year = Instant.ofEpochMilli(nowMillis).atZone(INDIA).getYear() % 100;
    CompletableFuture<String> number = new CompletableFuture<>();
    Pool pool;
    synchronized (pools) {
      pool = pools.computeIfAbsent(prefix + "-" + year, k -> new Pool(prefix, year));
      if (pool.waiting.isEmpty() && pool.next <= pool.last) return CompletableFuture.completedFuture(pool.number(pool.next++));
      pool.waiting.add(number);
      if (pool.leasing) return number;
      pool.leasing = true;
    }
    lease(pool);
    return number;
  }

  private void lease(Pool pool) {
    BlockingSql.run(dataSource, executor, c -> {
      try (PreparedStatement ps = c.prepareStatement(LEASE)) {
        ps.setString(1, pool.prefix);
        ps.setInt(2, pool.year);
        ps.setLong(3, 1L + blockSize);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }).whenComplete((after, error) -> leased(pool, after, error));
  }

  // Hands the new block to those waiting, in order; leases again while some are left.
  private void leased(Pool pool, Long after, Throwable error) {
    Map<CompletableFuture<String>, String> given = new LinkedHashMap<>();
    List<CompletableFuture<String>> failed = new ArrayList<>();
    boolean again;
    synchronized (pools) {
      if (error == null && after - blockSize > MAX_SEQUENCE) {
        error = new IllegalStateException("case numbers " + pool.number(1) + " to " + pool.number(MAX_SEQUENCE)
            + " are all used: no case can be numbered for " + pool.prefix + " until the year changes");
      }
      if (error == null) {
        pool.next = after - blockSize;
        pool.last = Math.min(after - 1, MAX_SEQUENCE);
        while (!pool.waiting.isEmpty() && pool.next <= pool.last) given.put(pool.waiting.poll(), pool.number(pool.next++));
      } else {
        failed.addAll(pool.waiting);
        pool.waiting.clear();
      }
      again = !pool.waiting.isEmpty();
      pool.leasing = again;
    }
    if (again) lease(pool);
    given.forEach(CompletableFuture::complete);
    for (CompletableFuture<String> f : failed) f.completeExceptionally(error);
  }
}
