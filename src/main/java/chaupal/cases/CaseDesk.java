package chaupal.cases;

import chaupal.tenancy.Official;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the officials' API does with cases: read them from the read model (within 2 s of the event)
 * and act on them through their entities. Scope is applied here: a case outside the actor's scope
 * does not exist for them ({@link Refused.Reason#NOT_FOUND}).
 */
public interface CaseDesk {

  /** A page of the cases in the actor's scope that pass the filter. */
  CompletionStage<Page> list(Actor actor, Filter filter);

  /** A case with its history, attachments and messages; empty when unknown or outside scope. */
  CompletionStage<Optional<Detail>> get(Actor actor, String number);

  /**
   * Acts on a case; completes with the case as it is after the act, or fails with {@link Refused}
   * (unknown or outside scope: NOT_FOUND; not allowed from this status: ILLEGAL; bad field: INVALID;
   * the actor's role may not: FORBIDDEN).
   */
  CompletionStage<View> act(Actor actor, String number, Act act);

  /** The attachment's bytes and type; empty when unknown, not stored yet, or outside scope. */
  CompletionStage<Optional<Attachment>> attachment(Actor actor, String number, String attachmentId);

  /** Who is acting: an official of a tenant with their role and scope (empty lists: all). */
  record Actor(String id, String tenant, Official.Role role, Official.Scope scope) {}

  /**
   * The cases in the actor's scope that changed after {@code since} and pass the filter (its sort
   * and page ignored), oldest change first, at most {@code limit}: what a live queue polls.
   */
  default CompletionStage<List<View>> changedSince(Actor actor, Filter filter, Instant since, int limit) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getSimpleName() + " does not follow changes"));
  }

  /**
   * Filters of {@code GET /api/v1/cases} and the console's queue; a null field does not filter.
   * {@code sort} is one of filed, -filed, due, -due, updated, -updated; {@code page} counts from 0.
   * {@code escalated}: escalated at least one level (or not); {@code olderThanDays}: filed more than
   * that many days ago; {@code text}: the case number, or words in its description or address.
   */
  record Filter(
      String status,
      String ulb,
      String department,
      String category,
      String assignee,
      Boolean overdue,
      String sort,
      int page,
      int size,
      Integer ward,
      Boolean escalated,
      Integer olderThanDays,
      String text) {

    /** The filters the API had first. */
    public Filter(String status, String ulb, String department, String category, String assignee, Boolean overdue,
        String sort, int page, int size) {
      this(status, ulb, department, category, assignee, overdue, sort, page, size, null, null, null, null);
    }
  }

  record Page(List<View> cases, long total, int page, int size) {
    public Page {
      cases = List.copyOf(cases);
    }
  }

  /** A case as a list shows it. Times are ISO-8601 with offset (Asia/Kolkata unless the tenant says otherwise). */
  record View(
      String number,
      String tenant,
      String ulb,
      String department,
      String category,
      String subType,
      String kind,
      CaseStatus status,
      String assignee,
      int level,
      String filedAt,
      String dueAt,
      String updatedAt,
      boolean overdue,
      String description,
      String address,
      Double latitude,
      Double longitude,
      Integer ward,
      Integer rating) {}

  record Detail(View view, List<HistoryEntry> history, List<AttachmentRef> attachments, List<MessageLine> messages) {
    public Detail {
      history = List.copyOf(history);
      attachments = List.copyOf(attachments);
      messages = List.copyOf(messages);
    }
  }

  /** One transition: who (official id, "citizen" or "system"), when, what, why. */
  record HistoryEntry(long sequence, String at, String by, String step, CaseStatus status, String note, String assignee) {}

  record AttachmentRef(String id, String kind, String mimeType, boolean stored, String addedBy, String addedAt) {}

  /** A message between the citizen and the bot about this case ({@code direction} in or out). */
  record MessageLine(String at, String direction, String text) {}

  record Attachment(String mimeType, byte[] bytes) {}

  /** What an official does to a case. */
  sealed interface Act {
    /** Give the case to an official (ASSIGN), or back to the queue with {@code official} null (REASSIGN). */
    record Assign(String official, String note) implements Act {}

    record Start(String note) implements Act {}

    /** {@code photoMediaId}: an uploaded photo of the work done, or null. */
    record Resolve(String note, String photoMediaId) implements Act {}

    record Reject(String reason) implements Act {}

    record Comment(String text) implements Act {}

    record Reopen(String reason) implements Act {}

    /** Ask the citizen a question on WhatsApp; their next message lands on the case as their answer. */
    record Ask(String question) implements Act {}
  }

  /** An act the desk would not do, with a message a person can act on. */
  final class Refused extends RuntimeException {
    public enum Reason { NOT_FOUND, ILLEGAL, INVALID, FORBIDDEN }

    private final Reason reason;
    private final String field;

    public Refused(Reason reason, String field, String message) {
      super(message, null, false, false);
      this.reason = reason;
      this.field = field;
    }

    public Reason reason() {
      return reason;
    }

    /** The request field the message is about, or null. */
    public String field() {
      return field;
    }
  }
}
