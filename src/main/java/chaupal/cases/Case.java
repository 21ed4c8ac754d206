package chaupal.cases;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import chaupal.CborSerializable;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One grievance, keyed by its number (e.g. {@code JAL-26-004217}), worked through DIGIT PGR's
 * states (see {@link CaseStatus}): registered, assigned, in progress, resolved or rejected, closed.
 * Every event records who (an official's id, {@value #CITIZEN} or {@value #SYSTEM}), when (epoch
 * millis) and why (a note), and the case's standing after it, so projections need no state of their own.
 */
public final class Case extends EventSourcedBehaviorWithEnforcedReplies<Case.Command, Case.Event, Case.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Case");

  /** Case events are tagged {@code case-<slice>} ({@link CaseSettings#tagOf}). */
  public static final String TAG_PREFIX = "case";

  public static final String CITIZEN = "citizen";
  public static final String SYSTEM = "system";

  /** Where times are shown, with their offset, when a note names one. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  /** Make the case of a filing; the same request again answers with the case as it is. */
  public record Register(CaseFiling filing, ActorRef<StatusReply<State>> replyTo) implements Command {}

  /** An official's act, at {@code atMillis}; {@code by} is their id. */
  public record Act(String by, @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) CaseDesk.Act act, long atMillis,
      ActorRef<StatusReply<State>> replyTo) implements Command {}

  /** The citizen says "not resolved" (reopen) or rates the case; the same request again changes nothing. */
  public record Feedback(CitizenFeedback feedback, ActorRef<StatusReply<State>> replyTo) implements Command {}

  /** Escalate if still open, still at {@code expectedLevel} and due by {@code nowMillis}; else nothing. */
  public record EscalateIfLate(int expectedLevel, long nowMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<State>> replyTo) implements Command {}

  // ---- events ----

  /** Where the case stands after an event: status, who has it (null: the queue), escalation level, deadline. */
  public record Standing(CaseStatus status, String assignee, int level, long dueAtMillis) implements CborSerializable {
    Standing with(CaseStatus newStatus) {
      return new Standing(newStatus, assignee, level, dueAtMillis);
    }
  }

  /** Who, when, why, and the standing after. Names are stable: an event once written is read forever. */
  public sealed interface Event extends CborSerializable {
    String by();

    long atMillis();

    String note();

    Standing after();

    /** The step as {@link CaseChange#step()} names it. */
    String step();
  }

  public record Registered(String by, long atMillis, String note, Standing after, CaseFiling filing, String department,
      int slaHours) implements Event {
    public String step() {
      return "registered";
    }
  }

  /** To an official, or back to the department's queue when {@code after.assignee} is null (DIGIT REASSIGN). */
  public record Assigned(String by, long atMillis, String note, Standing after) implements Event {
    public String step() {
      return after.assignee() == null ? "reassigned" : "assigned";
    }
  }

  public record Started(String by, long atMillis, String note, Standing after) implements Event {
    public String step() {
      return "started";
    }
  }

  public record Resolved(String by, long atMillis, String note, Standing after, String photoMediaId) implements Event {
    public String step() {
      return "resolved";
    }
  }

  /** {@code note} is the reason. */
  public record Rejected(String by, long atMillis, String note, Standing after) implements Event {
    public String step() {
      return "rejected";
    }
  }

  /** An internal remark; the status does not change. */
  public record Commented(String by, long atMillis, String note, Standing after) implements Event {
    public String step() {
      return "commented";
    }
  }

  /** {@code requestId}: the citizen's request, or null when an official reopened. */
  public record Reopened(String by, long atMillis, String note, Standing after, String requestId) implements Event {
    public String step() {
      return "reopened";
    }
  }

  public record Rated(String by, long atMillis, String note, Standing after, String requestId, int stars) implements Event {
    public String step() {
      return "closed";
    }
  }

  /** The deadline {@code missedDueAtMillis} passed: one level up, due again after the SLA. */
  public record Escalated(String by, long atMillis, String note, Standing after, long missedDueAtMillis) implements Event {
    public String step() {
      return "escalated";
    }
  }

  /** An official asked the citizen a question ({@code note}); it goes to them on WhatsApp. The status does not change. */
  public record Asked(String by, long atMillis, String note, Standing after) implements Event {
    public String step() {
      return "asked";
    }
  }

  /** The citizen answered ({@code note}), maybe with photos or a voice note; {@code requestId} names their event. */
  public record Answered(String by, long atMillis, String note, Standing after, String requestId,
      List<CaseFiling.Attachment> attachments) implements Event {
    public Answered {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public String step() {
      return "answered";
    }
  }

  /** The deadline passed at the chain's last level: recorded once, and the case is due again after the SLA. */
  public record DeadlineMissed(String by, long atMillis, String note, Standing after, long missedDueAtMillis) implements Event {
    public String step() {
      return "deadline-missed";
    }
  }

  // ---- state ----

  /**
   * The case as it stands, also the answer to every command. {@code filing} null: no case of this
   * number yet. {@code decidedAtMillis}: when last resolved or rejected. Times are epoch millis.
   */
  public record State(CaseFiling filing, String department, int slaHours, Standing standing, long updatedAtMillis,
      long decidedAtMillis, Integer rating, List<String> feedbackRequests) implements CborSerializable {
    public State {
      feedbackRequests = feedbackRequests == null ? List.of() : List.copyOf(feedbackRequests);
    }

    public boolean exists() {
      return filing != null;
    }

    public String number() {
      return filing.number();
    }

    public CaseStatus status() {
      return standing.status();
    }

    public String assignee() {
      return standing.assignee();
    }

    public int level() {
      return standing.level();
    }

    public long dueAtMillis() {
      return standing.dueAtMillis();
    }

    State after(Event e) {
      return new State(filing, department, slaHours, e.after(), e.atMillis(), decidedAtMillis, rating, feedbackRequests);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system, CaseRouting routing, CaseSettings settings) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), routing, settings)));
  }

  public static Behavior<Command> create(String number, CaseRouting routing, CaseSettings settings) {
    return Behaviors.setup(ctx -> new Case(number, routing, settings));
  }

  private final String number;
  private final CaseRouting routing;
  private final CaseSettings settings;
  private final String tag;

  private Case(String number, CaseRouting routing, CaseSettings settings) {
    super(PersistenceId.of(ENTITY_KEY.name(), number));
    this.number = number;
    this.routing = routing;
    this.settings = settings;
    this.tag = settings.tagOf(number);
  }

  @Override
  public State emptyState() {
    return new State(null, null, 0, new Standing(CaseStatus.REGISTERED, null, 0, 0), 0, 0, null, List.of());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(tag);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Act.class, this::onAct)
        .onCommand(Feedback.class, this::onFeedback)
        .onCommand(EscalateIfLate.class, this::onEscalateIfLate)
        .onCommand(Get.class, (state, cmd) -> state.exists()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(state))
            : Effect().reply(cmd.replyTo(), StatusReply.error(unknown(number))))
        .build();
  }

  /** The refusal for a number no case has; {@link Cases} tells it from an illegal transition by this text. */
  static String unknown(String number) {
    return "there is no case " + number;
  }

  private ReplyEffect<Event, State> onRegister(State state, Register cmd) {
    CaseFiling filing = cmd.filing();
    if (state.exists()) {
      if (state.filing().requestId().equals(filing.requestId())) {
        return Effect().reply(cmd.replyTo(), StatusReply.success(state));
      }
      return Effect().reply(cmd.replyTo(), StatusReply.error("case " + number + " was already filed by request "
          + state.filing().requestId() + ": request " + filing.requestId() + " cannot take its number"));
    }
    if (!number.equals(filing.number())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("filing " + filing.requestId() + " is for case "
          + filing.number() + ", not " + number));
    }
    CaseRouting.Route route;
    try {
      route = routing.route(filing);
    } catch (IllegalArgumentException e) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("case " + number + " cannot be routed: " + e.getMessage()));
    }
    long at = filing.filedAtMillis();
    long due = at + TimeUnit.HOURS.toMillis(route.slaHours());
    Standing queued = new Standing(CaseStatus.REGISTERED, null, 0, due);
    List<Event> events = new ArrayList<>();
    events.add(new Registered(CITIZEN, at, null, queued, filing, route.department(), route.slaHours()));
    if (route.officer() != null) {
      events.add(new Assigned(SYSTEM, at, "routed to the department's officer",
          new Standing(CaseStatus.ASSIGNED, route.officer(), 0, due)));
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.success(s));
  }

  private ReplyEffect<Event, State> onAct(State state, Act cmd) {
    if (!state.exists()) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(number)));
    CaseStatus status = state.status();
    Standing now = state.standing();
    long at = cmd.atMillis();
    String by = cmd.by();
    List<Event> events = new ArrayList<>();
    CaseDesk.Act act = cmd.act();
    if (act instanceof CaseDesk.Act.Assign a && a.official() == null) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "reassigned to the queue");
      events.add(new Assigned(by, at, a.note(), new Standing(CaseStatus.REGISTERED, null, now.level(), now.dueAtMillis())));
    } else if (act instanceof CaseDesk.Act.Assign a) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "assigned");
      if (!routing.knows(state.filing().tenant(), a.official())) {
        return Effect().reply(cmd.replyTo(), StatusReply.error("case " + number + " cannot be assigned to "
            + a.official() + ": no such official in " + state.filing().tenant()));
      }
      events.add(new Assigned(by, at, a.note(), new Standing(CaseStatus.ASSIGNED, a.official(), now.level(), now.dueAtMillis())));
    } else if (act instanceof CaseDesk.Act.Start s) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "started");
      events.add(new Started(by, at, s.note(), now.with(CaseStatus.IN_PROGRESS)));
    } else if (act instanceof CaseDesk.Act.Resolve r) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "resolved");
      events.add(new Resolved(by, at, r.note(), now.with(CaseStatus.RESOLVED), r.photoMediaId()));
    } else if (act instanceof CaseDesk.Act.Reject r) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "rejected");
      events.add(new Rejected(by, at, r.reason(), now.with(CaseStatus.REJECTED)));
    } else if (act instanceof CaseDesk.Act.Comment c) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "commented on");
      events.add(new Commented(by, at, c.text(), now));
    } else if (act instanceof CaseDesk.Act.Reopen r) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "reopened");
      events.addAll(reopen(state, by, at, r.reason(), null));
    } else if (act instanceof CaseDesk.Act.Ask q) {
      if (!status.allows(act)) return illegal(cmd.replyTo(), status, "asked about");
      events.add(new Asked(by, at, q.question(), now));
    } else {
      throw new IllegalArgumentException("unknown act " + act);
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.success(s));
  }

  private ReplyEffect<Event, State> onFeedback(State state, Feedback cmd) {
    CitizenFeedback f = cmd.feedback();
    if (!state.exists()) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(number)));
    if (state.feedbackRequests().contains(f.requestId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    }
    if (!state.filing().citizenId().equals(f.citizenId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("case " + number + " was filed by another citizen"));
    }
    CaseStatus status = state.status();
    List<Event> events = new ArrayList<>();
    if (f.givesAnswer()) {
      // An answer to a question is kept whatever the case did meanwhile: the citizen's words are never dropped.
      events.add(new Answered(CITIZEN, f.atMillis(), f.answer(), state.standing(), f.requestId(), f.attachments()));
    } else if (f.reopen()) {
      if (status != CaseStatus.RESOLVED && status != CaseStatus.REJECTED) return illegal(cmd.replyTo(), status, "reopened");
      long window = settings.reopenWindow().toMillis();
      if (f.atMillis() - state.decidedAtMillis() > window) {
        return Effect().reply(cmd.replyTo(), StatusReply.error("case " + number + " was " + status.key() + " on "
            + shown(state.decidedAtMillis()) + ": it can be reopened for " + settings.reopenWindow().toDays()
            + " days only"));
      }
      events.addAll(reopen(state, CITIZEN, f.atMillis(), f.reason(), f.requestId()));
    } else {
      if (f.stars() < 1 || f.stars() > 5) {
        return Effect().reply(cmd.replyTo(), StatusReply.error("a rating is 1 to 5 stars, not " + f.stars()));
      }
      CaseStatus closedAs = switch (status) {
        case RESOLVED -> CaseStatus.CLOSED_RESOLVED;
        case REJECTED -> CaseStatus.CLOSED_REJECTED;
        default -> null;
      };
      if (closedAs == null) return illegal(cmd.replyTo(), status, "rated");
      events.add(new Rated(CITIZEN, f.atMillis(), f.reason(), state.standing().with(closedAs), f.requestId(), f.stars()));
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.success(s));
  }

  // Back to the queue with a fresh deadline at level 0, and to the department's officer as at filing.
  private List<Event> reopen(State state, String by, long at, String reason, String requestId) {
    CaseFiling filing = state.filing();
    long due = at + TimeUnit.HOURS.toMillis(state.slaHours());
    List<Event> events = new ArrayList<>();
    events.add(new Reopened(by, at, reason, new Standing(CaseStatus.REGISTERED, null, 0, due), requestId));
    routing.holder(filing.tenant(), filing.ulb(), state.department(), filing.ward(), 0).ifPresent(officer ->
        events.add(new Assigned(SYSTEM, at, "routed to the department's officer", new Standing(CaseStatus.ASSIGNED, officer, 0, due))));
    return events;
  }

  private ReplyEffect<Event, State> onEscalateIfLate(State state, EscalateIfLate cmd) {
    Standing now = state.standing();
    if (!state.exists() || !state.status().open() || now.level() != cmd.expectedLevel() || now.dueAtMillis() > cmd.nowMillis()) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    CaseFiling filing = state.filing();
    long at = cmd.nowMillis();
    long due = at + TimeUnit.HOURS.toMillis(state.slaHours());
    String missed = "due " + shown(now.dueAtMillis()) + ", not done";
    int next = now.level() + 1;
    Event event;
    if (next < routing.levels(filing.tenant(), state.department())) {
      String assignee = routing.holder(filing.tenant(), filing.ulb(), state.department(), filing.ward(), next).orElse(null);
      CaseStatus status = assignee == null ? CaseStatus.REGISTERED : CaseStatus.ASSIGNED;
      event = new Escalated(SYSTEM, at, missed + ": escalated to level " + next,
          new Standing(status, assignee, next, due), now.dueAtMillis());
    } else {
      event = new DeadlineMissed(SYSTEM, at, missed + " at the last level of escalation",
          new Standing(now.status(), now.assignee(), now.level(), due), now.dueAtMillis());
    }
    return Effect().persist(event).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private <T> ReplyEffect<Event, State> illegal(ActorRef<StatusReply<T>> replyTo, CaseStatus status, String done) {
    String again = switch (done) {
      case "assigned" -> status == CaseStatus.ASSIGNED ? " again" : "";
      case "started" -> status == CaseStatus.IN_PROGRESS ? " again" : "";
      case "resolved" -> status == CaseStatus.RESOLVED ? " again" : "";
      case "rejected" -> status == CaseStatus.REJECTED ? " again" : "";
      case "reassigned to the queue" -> status == CaseStatus.REGISTERED ? " again" : "";
      default -> "";
    };
    return Effect().reply(replyTo, StatusReply.error("case " + number + " is " + status.key() + ": it cannot be " + done + again));
  }

  static String shown(long millis) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(millis).atZone(ZONE).toOffsetDateTime());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Registered.class, (state, e) ->
            new State(e.filing(), e.department(), e.slaHours(), e.after(), e.atMillis(), 0, null, List.of()))
        .onEvent(Resolved.class, (state, e) -> decided(state.after(e), e.atMillis()))
        .onEvent(Rejected.class, (state, e) -> decided(state.after(e), e.atMillis()))
        .onEvent(Reopened.class, (state, e) -> withRequest(state.after(e), e.requestId(), state.rating()))
        .onEvent(Rated.class, (state, e) -> withRequest(state.after(e), e.requestId(), e.stars()))
        .onEvent(Answered.class, (state, e) -> withRequest(state.after(e), e.requestId(), state.rating()))
        .onEvent(Event.class, State::after)
        .build();
  }

  private static State decided(State s, long at) {
    return new State(s.filing(), s.department(), s.slaHours(), s.standing(), s.updatedAtMillis(), at, s.rating(), s.feedbackRequests());
  }

  private static State withRequest(State s, String requestId, Integer rating) {
    List<String> requests = new ArrayList<>(s.feedbackRequests());
    if (requestId != null) requests.add(requestId);
    return new State(s.filing(), s.department(), s.slaHours(), s.standing(), s.updatedAtMillis(), s.decidedAtMillis(), rating, requests);
  }
}
