package chaupal.console;

import chaupal.cases.CaseDesk;
import chaupal.cases.CaseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A desk with a few cases in memory that applies scope by ULB and department as the real one does,
 * and refuses what the real one refuses: resolving a resolved case (ILLEGAL), an unknown or unseen
 * case (NOT_FOUND). It remembers the last filter and act it was given.
 */
final class FakeCaseDesk implements CaseDesk {

  static final String JALANDHAR_CASE = "JAL-26-000001";
  static final String PHAGWARA_CASE = "PHG-26-000001";
  static final String PHOTO = "att-1";
  /** A number the desk fails on as a broken database would. */
  static final String BROKEN_CASE = "ERR-26-000000";

  final Map<String, View> cases = new ConcurrentHashMap<>();
  volatile Filter lastFilter;
  volatile Act lastAct;

  FakeCaseDesk() {
    reset();
  }

  void reset() {
    cases.clear();
    cases.put(JALANDHAR_CASE, view(JALANDHAR_CASE, "pb.jalandhar", "sanitation", CaseStatus.REGISTERED));
    cases.put(PHAGWARA_CASE, view(PHAGWARA_CASE, "pb.phagwara", "street-lights", CaseStatus.ASSIGNED));
  }

  static View view(String number, String ulb, String department, CaseStatus status) {
    return new View(number, "punjab", ulb, department, "garbage", null, "grievance", status, null, 0,
        "2026-12-01T10:00+05:30", "2026-12-02T10:00+05:30", "2026-12-01T10:00+05:30", false,
        "garbage not collected", "Example Street 1", 31.3, 75.5, 2, null);
  }

  private Optional<View> visible(Actor actor, String number) {
    return Optional.ofNullable(cases.get(number)).filter(v -> actor.tenant().equals(v.tenant())
        && (actor.scope().ulbs().isEmpty() || actor.scope().ulbs().contains(v.ulb()))
        && (actor.scope().departments().isEmpty() || actor.scope().departments().contains(v.department())));
  }

  @Override
  public CompletionStage<Page> list(Actor actor, Filter filter) {
    lastFilter = filter;
    List<View> seen = cases.keySet().stream().sorted().map(n -> visible(actor, n)).flatMap(Optional::stream).toList();
    return CompletableFuture.completedFuture(new Page(seen, seen.size(), filter.page(), filter.size()));
  }

  @Override
  public CompletionStage<Optional<Detail>> get(Actor actor, String number) {
    if (BROKEN_CASE.equals(number)) return CompletableFuture.failedFuture(new IllegalStateException("connection refused: secret-db-host"));
    return CompletableFuture.completedFuture(visible(actor, number).map(v -> new Detail(v,
        List.of(new HistoryEntry(1, v.filedAt(), "citizen", "file", CaseStatus.REGISTERED, null, null)),
        List.of(new AttachmentRef(PHOTO, "photo", "image/jpeg", true, "citizen", v.filedAt())),
        List.of(new MessageLine(v.filedAt(), "in", "garbage not collected")))));
  }

  @Override
  public CompletionStage<View> act(Actor actor, String number, Act act) {
    lastAct = act;
    if (BROKEN_CASE.equals(number)) throw new IllegalStateException("connection refused: secret-db-host");
    View v = visible(actor, number).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, null, "no case " + number));
    CaseStatus next;
    if (act instanceof Act.Resolve) {
      if (v.status() == CaseStatus.RESOLVED) throw new Refused(Refused.Reason.ILLEGAL, null, "case " + number + " is resolved already");
      next = CaseStatus.RESOLVED;
    } else if (act instanceof Act.Assign || act instanceof Act.Reopen) {
      next = CaseStatus.ASSIGNED;
    } else if (act instanceof Act.Start) {
      next = CaseStatus.IN_PROGRESS;
    } else if (act instanceof Act.Reject) {
      next = CaseStatus.REJECTED;
    } else {
      next = v.status();
    }
    View after = view(number, v.ulb(), v.department(), next);
    cases.put(number, after);
    return CompletableFuture.completedFuture(after);
  }

  @Override
  public CompletionStage<Optional<Attachment>> attachment(Actor actor, String number, String attachmentId) {
    return CompletableFuture.completedFuture(visible(actor, number).filter(v -> PHOTO.equals(attachmentId))
        .map(v -> new Attachment("image/jpeg", "JPEG bytes".getBytes(StandardCharsets.UTF_8))));
  }
}
