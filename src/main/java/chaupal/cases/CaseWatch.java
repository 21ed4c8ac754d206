package chaupal.cases;

import akka.Done;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tells the watcher of every step of a case, in the case's order, at least once (the watcher
 * recognises a repeat by number and sequence). Comments and a missed deadline at the top of the
 * chain are internal: the citizen is not told of them.
 */
final class CaseWatch extends Handler<EventEnvelope<Case.Event>> {

  private static final int REMEMBERED_CASES = 1024;

  private final CaseWatcher watcher;
  private final CaseEntities cases;
  private final CaseRouting routing;
  /** What never changes after filing (tenant, citizen, channel, department ...), so a later step needs no ask. */
  private record Origin(CaseFiling filing, String department) {}

  private final Map<String, Origin> origins = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
      return size() > REMEMBERED_CASES;
    }
  };

  CaseWatch(CaseWatcher watcher, CaseEntities cases, CaseRouting routing) {
    this.watcher = watcher;
    this.cases = cases;
    this.routing = routing;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Case.Event> envelope) {
    Case.Event event = envelope.event();
    String number = CaseReadModel.number(envelope.persistenceId());
    if (event instanceof Case.Registered r) origins.put(number, new Origin(r.filing(), r.department()));
    if (event instanceof Case.Commented || event instanceof Case.DeadlineMissed || event instanceof Case.Answered) return CompletableFuture.completedFuture(Done.getInstance());
    Origin known = origins.get(number);
    CompletionStage<Origin> origin = known != null ? CompletableFuture.completedFuture(known)
        : cases.get(number).thenApply(s -> new Origin(s.filing(), s.department()));
    return origin.thenCompose(o -> {
      origins.put(number, o);
      return watcher.changed(change(number, envelope.sequenceNr(), event, o.filing(), o.department()));
    });
  }

  /** A note the system wrote ("routed to the department's officer") is for the history, not the citizen. */
  private CaseChange change(String number, long sequence, Case.Event e, CaseFiling f, String department) {
    Case.Standing after = e.after();
    boolean handedOver = e.step().equals("assigned") || e.step().equals("escalated");
    String whatsapp = handedOver ? routing.whatsappOf(f.tenant(), after.assignee()).orElse(null) : null;
    String photo = e instanceof Case.Resolved r ? r.photoMediaId() : null;
    return new CaseChange(number, sequence, e.step(), after.status(), f.tenant(), f.ulb(), department, f.category(),
        f.citizenId(), f.channelId(), f.language(), Case.SYSTEM.equals(e.by()) ? null : e.note(), photo, after.assignee(),
        whatsapp, e.atMillis(),
        after.dueAtMillis(), after.level());
  }
}
