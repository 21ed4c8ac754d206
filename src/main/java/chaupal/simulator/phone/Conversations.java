package chaupal.simulator.phone;

import chaupal.simulator.SimulatorSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every conversation the simulator holds, bounded for load tests: at most {@code maxConversations},
 * at most {@code maxMessages} messages over all of them; the least recently used go first.
 */
public final class Conversations {

  private final SimulatorSettings.Tuning tuning;
  private final LinkedHashMap<String, Conversation> byKey = new LinkedHashMap<>(1024, 0.75f, true);
  private long messages;

  public Conversations(SimulatorSettings.Tuning tuning) {
    this.tuning = tuning;
  }

  public Conversation get(String phoneNumberId, String waId, long nowMillis) {
    List<Conversation> evicted = new ArrayList<>();
    Conversation c;
    synchronized (this) {
      c = byKey.get(key(phoneNumberId, waId));
      if (c == null) {
        double perSecond = 1000.0 / Math.max(1, tuning.pairInterval().toMillis());
        c = new Conversation(phoneNumberId, waId, tuning.historyPerConversation(), tuning.pairBurst(), perSecond, nowMillis);
        byKey.put(key(phoneNumberId, waId), c);
        evictOver(c, evicted);
      }
    }
    evicted.forEach(Conversation::abandon);
    return c;
  }

  public synchronized Optional<Conversation> find(String phoneNumberId, String waId) {
    return Optional.ofNullable(byKey.get(key(phoneNumberId, waId)));
  }

  /** Adds a message to a conversation and keeps the totals within bounds. */
  public void add(Conversation c, Conversation.Entry entry) {
    int dropped = c.add(entry);
    List<Conversation> evicted = new ArrayList<>();
    synchronized (this) {
      messages += 1 - dropped;
      evictOver(c, evicted);
    }
    evicted.forEach(Conversation::abandon);
  }

  void remove(String phoneNumberId, String waId) {
    Conversation c;
    synchronized (this) {
      c = byKey.remove(key(phoneNumberId, waId));
      if (c != null) messages -= c.size();
    }
    if (c != null) c.abandon();
  }

  public void clear() {
    List<Conversation> all;
    synchronized (this) {
      all = new ArrayList<>(byKey.values());
      byKey.clear();
      messages = 0;
    }
    all.forEach(Conversation::abandon);
  }

  synchronized int size() {
    return byKey.size();
  }

  synchronized long messages() {
    return messages;
  }

  private void evictOver(Conversation keep, List<Conversation> evicted) {
    Iterator<Map.Entry<String, Conversation>> oldest = byKey.entrySet().iterator();
    while ((byKey.size() > tuning.maxConversations() || messages > tuning.maxStoredMessages()) && oldest.hasNext()) {
      Conversation c = oldest.next().getValue();
      if (c == keep) continue;
      messages -= c.size();
      oldest.remove();
      evicted.add(c);
    }
  }

  private static String key(String phoneNumberId, String waId) {
    return phoneNumberId + '|' + waId;
  }
}
