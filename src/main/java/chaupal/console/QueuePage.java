package chaupal.console;

import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.model.sse.ServerSentEvent;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import chaupal.cases.CaseDesk;
import chaupal.cases.CaseStatus;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Tenant;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The officials' queue: the cases of their scope, filtered and sorted by the query parameters the
 * other pages link with (status, category, ulb, ward, department, assignee, overdue, escalated, age,
 * q, sort, page counting from 1), 50 a page; and {@code /console/live}, the changes since the page
 * was rendered as server-sent events, polled from the read model so that any node can serve them.
 */
final class QueuePage implements WebPage {

  private static final Logger log = LoggerFactory.getLogger(QueuePage.class);
  static final int PAGE_SIZE = 50;
  static final String DEFAULT_SORT = "due";
  static final List<String> SORTS = List.of("due", "-due", "filed", "-filed", "updated", "-updated");
  /** How far back each poll looks again: a change the projection commits late is still seen, once. */
  static final Duration LATE_COMMIT = Duration.ofSeconds(30);
  private static final int MAX_CHANGES_PER_POLL = 200;
  private static final int DESCRIPTION_SHOWN = 140;
  /** Field names as the rows have them, which queue.js reads. */
  private static final ObjectMapper EVENTS = JsonMapper.builder().build();

  private final CaseDesk desk;
  private final Directory directory;
  private final Pages pages;
  private final Clock clock;
  private final Duration poll;
  private final Duration heartbeat;

  QueuePage(CaseDesk desk, Directory directory, Pages pages, Clock clock) {
    this(desk, directory, pages, clock, Duration.ofSeconds(1), Duration.ofSeconds(15));
  }

  QueuePage(CaseDesk desk, Directory directory, Pages pages, Clock clock, Duration poll, Duration heartbeat) {
    this.desk = desk;
    this.directory = directory;
    this.pages = pages;
    this.clock = clock;
    this.poll = poll;
    this.heartbeat = heartbeat;
  }

  public List<WebEndpoint> endpoints() {
    return List.of(
        new WebEndpoint(HttpMethods.GET, "/", true, this::queue),
        new WebEndpoint(HttpMethods.GET, "/cases", true, this::queue),
        new WebEndpoint(HttpMethods.GET, "/live", true, this::live));
  }

  // ---- the page ----

  CompletionStage<HttpResponse> queue(WebCall call) {
    Account account = call.account();
    Instant rendered = clock.instant();
    CaseDesk.Filter filter = filter(call, PAGE_SIZE);
    return desk.list(account.actor(), filter).thenApply(page -> {
      Labels labels = new Labels(call.language(), account.tenant());
      Map<String, Object> model = new HashMap<>();
      List<Row> rows = page.cases().stream().map(v -> row(v, labels, call.language(), rendered)).toList();
      model.put("rows", rows);
      model.put("empty", rows.isEmpty());
      long pageCount = Math.max(1, (page.total() + PAGE_SIZE - 1) / PAGE_SIZE);
      int shown = filter.page() + 1;
      model.put("count", pages.texts().text(call.language(), "queue_count", page.total()));
      model.put("pageOf", pages.texts().text(call.language(), "queue_page_of", shown, pageCount));
      Map<String, String> kept = filterParams(call);
      if (shown > 1) model.put("previous", link(kept, shown - 1));
      if (shown < pageCount) model.put("next", link(kept, shown + 1));
      model.put("liveUrl", "/console/live" + query(kept, "since", Long.toString(rendered.toEpochMilli())));
      model.put("filters", form(call, account, labels));
      return pages.page(call, "queue", model);
    }).exceptionally(failure -> {
      // a bad filter value the desk refused: show the queue's form again with nothing filtered
      if (failure.getCause() instanceof CaseDesk.Refused refused && refused.reason() == CaseDesk.Refused.Reason.INVALID) {
        return pages.redirect("/console/");
      }
      throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    });
  }

  /** The filter a query asks for; a value that is not a number where one is needed filters nothing. */
  static CaseDesk.Filter filter(WebCall call, int size) {
    String status = call.query("status")
        .filter(st -> st.equals("open") || Arrays.stream(CaseStatus.values()).anyMatch(s -> s.key().equals(st))).orElse(null);
    String sort = call.query("sort").filter(SORTS::contains).orElse(DEFAULT_SORT);
    int page = whole(call, "page").filter(p -> p >= 1).orElse(1) - 1;
    return new CaseDesk.Filter(status, call.query("ulb").orElse(null), call.query("department").orElse(null),
        call.query("category").orElse(null), call.query("assignee").orElse(null),
        call.query("overdue").filter("true"::equals).map(v -> Boolean.TRUE).orElse(null), sort, page, size,
        whole(call, "ward").orElse(null), call.query("escalated").filter("true"::equals).map(v -> Boolean.TRUE).orElse(null),
        whole(call, "age").orElse(null), call.query("q").orElse(null));
  }

  private static Optional<Integer> whole(WebCall call, String name) {
    return call.query(name).flatMap(v -> {
      try {
        int n = Integer.parseInt(v);
        return n >= 0 ? Optional.of(n) : Optional.<Integer>empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  static final List<String> FILTER_NAMES =
      List.of("status", "category", "ulb", "ward", "department", "assignee", "overdue", "escalated", "age", "q", "sort");

  private static Map<String, String> filterParams(WebCall call) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : FILTER_NAMES) call.query(name).ifPresent(v -> kept.put(name, v));
    return kept;
  }

  private static String link(Map<String, String> kept, int page) {
    return "/console/" + query(kept, "page", Integer.toString(page));
  }

  private static String query(Map<String, String> kept, String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(kept);
    all.put(name, value);
    return "?" + all.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** One case as a row of the queue and as a live event: every text already in the official's language. */
  record Row(String number, String href, String status, String statusText, String category, String ulb, String ward,
      String department, String assignee, String filed, String due, String left, boolean overdue, boolean escalated,
      String escalatedText, String description, String updated, String classes) {}

  private Row row(CaseDesk.View v, Labels labels, String lang, Instant now) {
    Instant due = OffsetDateTime.parse(v.dueAt()).toInstant();
    Duration left = Duration.between(now, due);
    WebTexts texts = pages.texts();
    String leftText = !v.status().open() ? ""
        : v.overdue() ? texts.text(lang, "queue_overdue_by", WebTime.span(left)) : texts.text(lang, "queue_time_left", WebTime.span(left));
    boolean escalated = v.level() > 0;
    String description = v.description() == null ? "" : v.description().length() > DESCRIPTION_SHOWN
        ? v.description().substring(0, DESCRIPTION_SHOWN) + "…" : v.description();
    String classes = "case" + (v.overdue() ? " overdue" : "") + (escalated ? " escalated" : "");
    return new Row(v.number(), "/console/cases/" + URLEncoder.encode(v.number(), StandardCharsets.UTF_8), v.status().key(),
        texts.text(lang, "queue_status_" + v.status().key().replace('-', '_')), labels.category(v.category()),
        labels.ulb(v.ulb()), v.ward() == null ? "" : v.ward().toString(), labels.department(v.department()),
        v.assignee() == null ? texts.text(lang, "queue_unassigned") : labels.official(v.assignee()),
        WebTime.shown(v.filedAt()), WebTime.shown(v.dueAt()), leftText, v.overdue(), escalated,
        escalated ? texts.text(lang, "queue_escalated_level", v.level()) : "", description, v.updatedAt(), classes);
  }

  /** Names the directory gives codes in one language; an unknown code shows as itself. */
  private final class Labels {
    final Map<String, String> ulbs = new HashMap<>();
    final Map<String, String> departments = new HashMap<>();
    final Map<String, String> categories = new HashMap<>();
    final Map<String, String> officials = new HashMap<>();

    Labels(String lang, String tenant) {
      directory.ulbs(tenant).forEach(u -> ulbs.put(u.code(), u.name(lang)));
      directory.tenant(tenant).ifPresent(t -> t.departments().forEach(d -> departments.put(d.id(), d.name().in(lang))));
      directory.categories(tenant).forEach(c -> categories.put(c.id(), c.name().in(lang)));
      directory.officials(tenant).forEach(o -> officials.put(o.id(), o.name()));
    }

    String ulb(String code) {
      return code == null ? "" : ulbs.getOrDefault(code, code);
    }

    String department(String id) {
      return departments.getOrDefault(id, id);
    }

    String category(String id) {
      return categories.getOrDefault(id, id);
    }

    String official(String id) {
      return officials.getOrDefault(id, id);
    }
  }

  record Option(String value, String label, boolean selected) {}

  /** The filter form's choices, within the official's scope, with the current values selected. */
  private Map<String, Object> form(WebCall call, Account account, Labels labels) {
    String lang = call.language();
    WebTexts texts = pages.texts();
    Official.Scope scope = account.scope();
    boolean wholeTenant = account.role() == Official.Role.STATE_ADMIN;
    boolean allDepartments = wholeTenant || account.role() == Official.Role.ULB_ADMIN;
    Map<String, Object> form = new HashMap<>();
    List<String> statuses = new ArrayList<>(List.of("open"));
    Arrays.stream(CaseStatus.values()).map(CaseStatus::key).forEach(statuses::add);
    form.put("statuses", options(call, "status", statuses, s -> texts.text(lang, "queue_status_" + s.replace('-', '_'))));
    form.put("categories", options(call, "category", directory.categories(account.tenant()).stream().map(c -> c.id()).toList(),
        labels::category));
    form.put("ulbs", options(call, "ulb", directory.ulbs(account.tenant()).stream().map(u -> u.code())
        .filter(u -> wholeTenant || scope.ulbs().isEmpty() || scope.ulbs().contains(u)).toList(), labels::ulb));
    form.put("departments", options(call, "department", directory.tenant(account.tenant()).map(Tenant::departments).orElse(List.of())
        .stream().map(Tenant.Department::id)
        .filter(d -> allDepartments || scope.departments().isEmpty() || scope.departments().contains(d)).toList(), labels::department));
    form.put("assignees", options(call, "assignee", directory.officials(account.tenant()).stream()
        .filter(o -> o.role() != Official.Role.OBSERVER && (wholeTenant || overlaps(scope.ulbs(), o.scope().ulbs())))
        .map(Official::id).toList(), labels::official));
    form.put("sorts", options(call, "sort", SORTS, s -> texts.text(lang, "queue_sort_" + (s.startsWith("-") ? s.substring(1) + "_desc" : s))));
    form.put("ward", call.query("ward").orElse(""));
    form.put("age", call.query("age").orElse(""));
    form.put("q", call.query("q").orElse(""));
    form.put("overdue", call.query("overdue").filter("true"::equals).isPresent());
    form.put("escalated", call.query("escalated").filter("true"::equals).isPresent());
    return form;
  }

  private static boolean overlaps(List<String> mine, List<String> theirs) {
    return mine.isEmpty() || theirs.isEmpty() || theirs.stream().anyMatch(mine::contains);
  }

  private static List<Option> options(WebCall call, String name, List<String> values, Function<String, String> label) {
    String current = name.equals("sort") ? call.query(name).orElse(DEFAULT_SORT) : call.query(name).orElse("");
    return values.stream().map(v -> new Option(v, label.apply(v), v.equals(current))).toList();
  }

  // ---- live updates ----

  CompletionStage<HttpResponse> live(WebCall call) {
    Account account = call.account();
    CaseDesk.Filter filter = filter(call, PAGE_SIZE);
    Instant since = call.request().getHeader("Last-Event-ID").map(h -> h.value())
        .or(() -> call.query("since")).flatMap(QueuePage::millis).orElse(clock.instant());
    Duration left = Duration.between(clock.instant(), call.session().expiresAt());
    if (left.isNegative() || left.isZero()) return CompletableFuture.completedFuture(HttpResponse.create().withStatus(204));
    Labels labels = new Labels(call.language(), account.tenant());
    Changes changes = new Changes(since);
    Source<ByteString, ?> events = Source.tick(Duration.ZERO, poll, "poll")
        .mapAsync(1, tick -> desk.changedSince(account.actor(), filter, changes.floor(), MAX_CHANGES_PER_POLL)
            .exceptionally(e -> {
              log.warn("live queue of {} could not read the changes: {}", account.username(), e.getMessage());
              return List.of();
            }))
        .mapConcat(views -> changes.fresh(views).stream().map(v -> event(v, labels, call.language())).toList())
        .keepAlive(heartbeat, ServerSentEvent::heartbeat)
        .takeWithin(left)
        .map(e -> ((akka.http.scaladsl.model.sse.ServerSentEvent) e).encode());
    return CompletableFuture.completedFuture(HttpResponse.create()
        .withEntity(HttpEntities.create(MediaTypes.TEXT_EVENT_STREAM.toContentType(), events))
        .addHeader(RawHeader.create("Cache-Control", "no-cache")));
  }

  private ServerSentEvent event(CaseDesk.View v, Labels labels, String lang) {
    Row row = row(v, labels, lang, clock.instant());
    try {
      return ServerSentEvent.create(EVENTS.writeValueAsString(row), Optional.of("case"),
          Optional.of(Long.toString(OffsetDateTime.parse(v.updatedAt()).toInstant().toEpochMilli())), java.util.OptionalInt.empty());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a queue row did not serialise", e);
    }
  }

  private static Optional<Instant> millis(String text) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(text.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * What one live connection has sent: the latest change time seen, and each case's last change
   * sent within the look-back window, so that a late-committed change comes once and a repeat not at all.
   */
  static final class Changes {
    private Instant latest;
    private final Map<String, Instant> sent = new HashMap<>();

    Changes(Instant since) {
      this.latest = since;
    }

    Instant floor() {
      return latest.minus(LATE_COMMIT);
    }

    List<CaseDesk.View> fresh(List<CaseDesk.View> changed) {
      List<CaseDesk.View> fresh = new ArrayList<>();
      for (CaseDesk.View v : changed) {
        Instant at = OffsetDateTime.parse(v.updatedAt()).toInstant();
        if (at.equals(sent.get(v.number()))) continue;
        sent.put(v.number(), at);
        fresh.add(v);
        if (at.isAfter(latest)) latest = at;
      }
      Instant floor = floor();
      sent.values().removeIf(at -> at.isBefore(floor));
      return fresh;
    }
  }
}
