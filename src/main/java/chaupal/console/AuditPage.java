package chaupal.console;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Ulb;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The audit page for state administrators: their tenant's audit log, filtered by official, ULB,
 * action, outcome and a time range given in IST, newest first, a page at a time. It only reads.
 */
final class AuditPage implements WebPage {

  static final int PAGE_SIZE = 50;
  private static final List<String> FILTERS = List.of("actor", "ulb", "action", "outcome", "from", "to");

  private final Pages pages;
  private final AuditLog audit;
  private final Directory directory;

  AuditPage(Pages pages, AuditLog audit, Directory directory) {
    this.pages = pages;
    this.audit = audit;
    this.directory = directory;
  }

  public List<WebEndpoint> endpoints() {
    return List.of(new WebEndpoint(HttpMethods.GET, "/audit", true, this::page));
  }

  CompletionStage<HttpResponse> page(WebCall call) {
    Account caller = call.account();
    if (caller.role() != Official.Role.STATE_ADMIN) return CompletableFuture.completedFuture(OfficialsPage.forbidden(pages, call));
    List<String> errors = new ArrayList<>();
    Instant from = time(call, "from", Duration.ZERO, errors);
    // "to" names a minute as the form shows it: that whole minute is in.
    Instant until = time(call, "to", Duration.ofMinutes(1), errors);
    int page = call.query("page").map(p -> p.matches("\\d{1,6}") ? Integer.parseInt(p) : 0).orElse(0);
    List<String> ulbs = directory.ulbs(caller.tenant()).stream().map(Ulb::code).toList();
    AuditLog.Search search = new AuditLog.Search(caller.tenant(), ulbs, call.query("actor").orElse(null), call.query("ulb").orElse(null),
        call.query("action").orElse(null), call.query("outcome").orElse(null), from, until, page, PAGE_SIZE);
    return audit.find(search).thenApply(found -> {
      Map<String, Object> model = new LinkedHashMap<>();
      Map<String, String> filter = new LinkedHashMap<>();
      for (String name : FILTERS) filter.put(name, call.query(name).orElse(""));
      model.put("filter", filter);
      model.put("records", found.records().stream().map(AuditPage::row).toList());
      model.put("empty", found.records().isEmpty());
      model.put("errors", errors);
      if (page > 0) model.put("newer", link(filter, page - 1));
      if (found.more()) model.put("older", link(filter, page + 1));
      model.put("pageNumber", page + 1);
      return pages.page(call, errors.isEmpty() ? StatusCodes.OK : StatusCodes.BAD_REQUEST, "audit", model);
    });
  }

  private static Map<String, Object> row(AuditLog.Stored r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("at", WebTime.shown(r.at()));
    row.put("actor", r.actor());
    row.put("action", r.action());
    row.put("caseNumber", r.caseNumber() == null ? "" : r.caseNumber());
    row.put("ulb", r.ulb() == null ? "" : r.ulb());
    row.put("outcome", r.outcome());
    row.put("ok", "ok".equals(r.outcome()));
    row.put("detail", r.detail() == null ? "" : r.detail());
    return row;
  }

  /** A time from the form's datetime-local field, read in IST; an unreadable one is named in {@code errors} and not used. */
  private Instant time(WebCall call, String name, Duration after, List<String> errors) {
    return call.query(name).map(text -> {
      try {
        return LocalDateTime.parse(text).atZone(WebTime.IST).toInstant().plus(after);
      } catch (DateTimeParseException e) {
        errors.add(pages.texts().text(call.language(), "audit_bad_time", text));
        return null;
      }
    }).orElse(null);
  }

  private static String link(Map<String, String> filter, int page) {
    StringBuilder link = new StringBuilder("/console/audit?");
    filter.forEach((name, value) -> {
      if (!value.isEmpty()) link.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
    });
    return link.append("page=").append(page).toString();
  }
}
