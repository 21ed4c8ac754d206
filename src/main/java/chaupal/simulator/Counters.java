package chaupal.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator has done so far, counted without locks for load tests. */
public final class Counters {

  private final LongAdder accepted = new LongAdder();
  private final ConcurrentHashMap<Integer, LongAdder> rejected = new ConcurrentHashMap<>();
  private final LongAdder citizenMessages = new LongAdder();
  private final LongAdder webhooksDelivered = new LongAdder();
  private final LongAdder webhooksRefused = new LongAdder();

  public void accepted() {
    accepted.increment();
  }

  public void rejected(int code) {
    rejected.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  public void citizenMessage() {
    citizenMessages.increment();
  }

  public void webhookPosted(boolean ok) {
    (ok ? webhooksDelivered : webhooksRefused).increment();
  }

  SimulatorCounters snapshot() {
    Map<Integer, Long> byCode = new TreeMap<>();
    rejected.forEach((code, n) -> byCode.put(code, n.sum()));
    return new SimulatorCounters(accepted.sum(), Map.copyOf(byCode), citizenMessages.sum(),
        webhooksDelivered.sum(), webhooksRefused.sum());
  }

  void reset() {
    accepted.reset();
    rejected.clear();
    citizenMessages.reset();
    webhooksDelivered.reset();
    webhooksRefused.reset();
  }
}
