package chaupal.simulator.graph;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.simulator.BusinessNumber;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Graph API side's small parts on their own: recipients, buckets, the failure plan. */
class GraphPartsTest {

  static final BusinessNumber CITY = new BusinessNumber("1000000000000011", "+91 98000 00100", "Demo City", List.of("en", "hi"), 0);

  @Test
  void recipientsAreNormalizedLikeMetaDoes() {
    assertEquals(Optional.of("919800000001"), GraphApi.waId("+91 98000-00001", CITY));
    assertEquals(Optional.of("919800000001"), GraphApi.waId("919800000001", CITY));
    assertEquals(Optional.of("919800000001"), GraphApi.waId("(980) 000-0001", CITY), "national numbers get the business's code");
    assertEquals(Optional.of("16505551234"), GraphApi.waId("+1 650 555 1234", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("98+00000001", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("12345", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("+1234567890123456", CITY));
  }

  @Test
  void aTokenBucketAllowsItsBurstThenItsRate() {
    TokenBucket bucket = new TokenBucket(3, 1, 0);
    assertTrue(bucket.tryTake(0) && bucket.tryTake(0) && bucket.tryTake(0));
    assertFalse(bucket.tryTake(999));
    assertTrue(bucket.tryTake(1000));
    assertFalse(bucket.tryTake(1000));
    assertTrue(bucket.tryTake(60_000) && bucket.tryTake(60_000) && bucket.tryTake(60_000));
    assertFalse(bucket.tryTake(60_000), "never more than the burst");
  }

  @Test
  void injectedFailuresAreCountedDownPerCitizenThenForAnyone() {
    FailurePlan plan = new FailurePlan();
    plan.failNext("919800000001", 2, GraphError.of(131000, ""));
    plan.failNext(FailurePlan.ANYONE, 1, GraphError.of(131057, ""));
    assertEquals(131000, plan.next("919800000001").orElseThrow().code());
    assertEquals(131000, plan.next("919800000001").orElseThrow().code());
    assertEquals(131057, plan.next("919800000001").orElseThrow().code());
    assertTrue(plan.next("919800000001").isEmpty());
    assertTrue(plan.next("919800000002").isEmpty());
  }

  @Test
  void theStoreIsBoundedOldestFirst() {
    MediaStore store = new MediaStore(10);
    String first = store.put("p", "image/png", null, new byte[6]).orElseThrow().id();
    String second = store.put("p", "image/png", null, new byte[4]).orElseThrow().id();
    String third = store.put("p", "image/png", null, new byte[3]).orElseThrow().id();
    assertFalse(store.contains(first));
    assertTrue(store.contains(second) && store.contains(third));
    assertTrue(store.put("p", "image/png", null, new byte[11]).isEmpty());
  }
}
