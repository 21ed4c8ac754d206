package chaupal.console;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import chaupal.cases.CaseBook;
import chaupal.cases.CaseDesk;
import chaupal.cases.CaseStatus;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The case routes: the desk reads and acts, this maps requests and answers and audits each call.
 * A case outside the caller's scope is answered exactly as an unknown one (the desk says NOT_FOUND).
 */
final class CaseCalls {

  static final Set<String> SORTS = Set.of("filed", "-filed", "due", "-due", "updated", "-updated");
  static final String DEFAULT_SORT = "due";
  static final int MAX_PAGE_SIZE = 100;
  private static final Set<String> FILTERS =
      Set.of("status", "ulb", "department", "category", "assignee", "overdue", "sort", "page", "size", "ward", "escalated", "age", "q");

  record AssignBody(String official, String note) {}

  record NoteBody(String note) {}

  record ResolveBody(String note, String photoMediaId) {}

  record ReasonBody(String reason) {}

  record TextBody(String text) {}

  record QuestionBody(String question) {}

  private final CaseDesk desk;
  private final AuditLog audit;

  CaseCalls(CaseDesk desk, AuditLog audit) {
    this.desk = desk;
    this.audit = audit;
  }

  CompletionStage<HttpResponse> list(Endpoint.Call call) {
    CaseDesk.Filter filter;
    try {
      filter = filter(call);
    } catch (ApiProblem p) {
      return recorded(call, "list-cases", null, CompletableFuture.failedFuture(p), page -> null);
    }
    return recorded(call, "list-cases", null, desk.list(call.account().actor(), filter), page -> filter.ulb())
        .thenApply(page -> ApiJson.response(StatusCodes.OK, page));
  }

  CompletionStage<HttpResponse> get(Endpoint.Call call) {
    String number = call.param(0);
    CompletionStage<CaseDesk.Detail> found = desk.get(call.account().actor(), number).thenApply(d -> d.orElseThrow(() -> unknown(number)));
    return recorded(call, "view-case", number, found, d -> d.view().ulb()).thenApply(d -> ApiJson.response(StatusCodes.OK, d));
  }

  CompletionStage<HttpResponse> attachment(Endpoint.Call call) {
    String number = call.param(0);
    String id = call.param(1);
    CompletionStage<CaseDesk.Attachment> found = desk.attachment(call.account().actor(), number, id)
        .thenApply(a -> a.orElseThrow(() -> ApiProblem.of(StatusCodes.NOT_FOUND, "case " + number + " has no attachment " + id + " (or it is not stored yet)")));
    return recorded(call, "view-attachment", number, found, a -> null).thenApply(a -> attachmentResponse(number, id, a));
  }

  /**
   * An attachment as the API and the web pages serve it: shown in the browser as the type it was
   * checked to be (never sniffed into a page of the console), named after its case, kept only in
   * the official's own browser cache.
   */
  static HttpResponse attachmentResponse(String number, String id, CaseDesk.Attachment a) {
    String name = (number + "-" + id).replaceAll("[^A-Za-z0-9._-]", "_");
    return HttpResponse.create()
        .withEntity(HttpEntities.create(contentType(a.mimeType()), a.bytes()))
        .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
        .addHeader(RawHeader.create("Content-Security-Policy", "default-src 'none'; sandbox"))
        .addHeader(RawHeader.create("Content-Disposition", "inline; filename=\"" + name + "\""))
        .addHeader(RawHeader.create("Cache-Control", "private, max-age=3600"));
  }

  /** One of assign, start, resolve, reject, comment, reopen. */
  CompletionStage<HttpResponse> act(Endpoint.Call call, String action) {
    String number = call.param(0);
    CompletionStage<CaseDesk.View> acted;
    if (!CaseBook.mayAct(call.account().role())) {
      acted = CompletableFuture.failedFuture(ApiProblem.of(StatusCodes.FORBIDDEN, "an observer reads cases and cannot " + action + " them"));
    } else {
      acted = call.body(bodyType(action)).thenCompose(body -> desk.act(call.account().actor(), number, act(action, body)));
    }
    // Mapped once here, so that an unexpected failure is logged once.
    CompletionStage<CaseDesk.View> answered = acted.exceptionally(failure -> {
      throw ApiJson.problem(failure);
    });
    // A refused act on a case in scope still names its ULB in the audit record.
    return answered.handle((view, failure) -> failure == null ? null : ApiJson.problem(failure))
        .thenCompose(problem -> problem == null || problem.status().intValue() == 404
            ? CompletableFuture.completedFuture(Optional.<String>empty())
            : desk.get(call.account().actor(), number).thenApply(d -> d.map(x -> x.view().ulb())).exceptionally(e -> Optional.empty()))
        .thenCompose(refusedUlb -> recorded(call, action, number, answered, view -> view.ulb(), refusedUlb.orElse(null)))
        .thenApply(view -> ApiJson.response(StatusCodes.OK, view));
  }

  private static Class<?> bodyType(String action) {
    return switch (action) {
      case "assign" -> AssignBody.class;
      case "start" -> NoteBody.class;
      case "resolve" -> ResolveBody.class;
      case "reject", "reopen" -> ReasonBody.class;
      case "comment" -> TextBody.class;
      case "ask" -> QuestionBody.class;
      default -> throw new IllegalArgumentException(action);
    };
  }

  private static CaseDesk.Act act(String action, Object body) {
    return switch (action) {
      case "assign" -> new CaseDesk.Act.Assign(((AssignBody) body).official(), ((AssignBody) body).note());
      case "start" -> new CaseDesk.Act.Start(((NoteBody) body).note());
      case "resolve" -> new CaseDesk.Act.Resolve(((ResolveBody) body).note(), ((ResolveBody) body).photoMediaId());
      case "reject" -> new CaseDesk.Act.Reject(ApiJson.required(((ReasonBody) body).reason(), "reason"));
      case "reopen" -> new CaseDesk.Act.Reopen(ApiJson.required(((ReasonBody) body).reason(), "reason"));
      case "comment" -> new CaseDesk.Act.Comment(ApiJson.required(((TextBody) body).text(), "text"));
      case "ask" -> new CaseDesk.Act.Ask(ApiJson.required(((QuestionBody) body).question(), "question"));
      default -> throw new IllegalArgumentException(action);
    };
  }

  private <T> CompletionStage<T> recorded(Endpoint.Call call, String action, String number, CompletionStage<T> work,
      Function<T, String> ulb) {
    return audit.recorded(call.account().username(), action, number, work, ulb, null);
  }

  private <T> CompletionStage<T> recorded(Endpoint.Call call, String action, String number, CompletionStage<T> work,
      Function<T, String> ulb, String refusedUlb) {
    return audit.recorded(call.account().username(), action, number, work, ulb, refusedUlb);
  }

  static ApiProblem unknown(String number) {
    return ApiProblem.of(StatusCodes.NOT_FOUND, "no case " + number + " (check the number; cases outside your ULBs and departments are not shown)");
  }

  private static CaseDesk.Filter filter(Endpoint.Call call) {
    for (String name : call.request().getUri().query().toMap().keySet()) {
      if (!FILTERS.contains(name)) {
        throw ApiProblem.invalid(name, "unknown query parameter \"" + name + "\"; expected one of " + String.join(", ", FILTERS.stream().sorted().toList()));
      }
    }
    String sort = call.query("sort").orElse(DEFAULT_SORT);
    if (!SORTS.contains(sort)) throw ApiProblem.invalid("sort", "sort must be one of filed, -filed, due, -due, updated, -updated");
    Boolean overdue = yesNo(call, "overdue");
    String status = call.query("status").orElse(null);
    if (status != null && Arrays.stream(CaseStatus.values()).noneMatch(st -> st.key().equals(status))) {
      throw ApiProblem.invalid("status", "status must be one of " + Arrays.stream(CaseStatus.values()).map(CaseStatus::key)
          .collect(Collectors.joining(", ")));
    }
    int page = number(call, "page", 0, 0, Integer.MAX_VALUE);
    int size = number(call, "size", 20, 1, MAX_PAGE_SIZE);
    Integer ward = call.query("ward").isPresent() ? number(call, "ward", 0, 0, Integer.MAX_VALUE) : null;
    Integer age = call.query("age").isPresent() ? number(call, "age", 0, 0, 36_500) : null;
    return new CaseDesk.Filter(status, call.query("ulb").orElse(null), call.query("department").orElse(null),
        call.query("category").orElse(null), call.query("assignee").orElse(null), overdue, sort, page, size,
        ward, yesNo(call, "escalated"), age, call.query("q").orElse(null));
  }

  private static Boolean yesNo(Endpoint.Call call, String name) {
    return call.query(name).map(v -> switch (v) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw ApiProblem.invalid(name, name + " must be true or false");
    }).orElse(null);
  }

  private static int number(Endpoint.Call call, String name, int fallback, int min, int max) {
    Optional<String> raw = call.query(name);
    if (raw.isEmpty()) return fallback;
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= min && value <= max) return value;
    } catch (NumberFormatException e) {
      // answered below with the range
    }
    throw ApiProblem.invalid(name, name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
  }

  private static ContentType contentType(String mimeType) {
    try {
      return ContentTypes.parse(mimeType);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }
}
