package chaupal.console;

import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import chaupal.cases.Case;
import chaupal.cases.CaseBook;
import chaupal.cases.CaseDesk;
import chaupal.cases.CaseDesk.Act;
import chaupal.cases.CaseStatus;
import chaupal.media.Uploads;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The case page of the console ({@code /console/cases/{number}}): the case, the conversation with the
 * citizen, its attachments, place and history, and the forms of the acts its status and the
 * official's role allow. Acts go to the {@link CaseDesk} and are audited as the API's are; a refusal
 * shows the page again with the desk's message next to the form, with the API's status for it.
 */
record CasePage(Pages pages, CaseDesk desk, Directory directory, Uploads uploads, AuditLog audit) implements WebPage {

  /** The acts, in the order the page offers them; each is {@code POST /console/cases/{number}/<act>}. */
  static final List<String> ACTS = List.of("assign", "start", "resolve", "reject", "ask", "comment", "reopen");

  public List<WebEndpoint> endpoints() {
    List<WebEndpoint> endpoints = new ArrayList<>();
    endpoints.add(new WebEndpoint(HttpMethods.GET, "/cases/{number}", true, this::show));
    endpoints.add(new WebEndpoint(HttpMethods.GET, "/cases/{number}/attachments/{id}", true, this::attachment));
    for (String act : ACTS) endpoints.add(new WebEndpoint(HttpMethods.POST, "/cases/{number}/" + act, true, call -> act(call, act)));
    return endpoints;
  }

  static String path(String number) {
    return "/console/cases/" + URLEncoder.encode(number, StandardCharsets.UTF_8);
  }

  // ---- reading ----

  private CompletionStage<HttpResponse> show(WebCall call) {
    String number = call.param(0);
    // Unknown and out of scope are both "not found", in the audit log as in the API's.
    CompletionStage<CaseDesk.Detail> found = audit.recorded(call.account().username(), "view-case", number,
        desk.get(call.account().actor(), number).thenApply(d -> d.orElseThrow(() -> CaseCalls.unknown(number))),
        d -> d.view().ulb(), null);
    String done = call.query("done").filter(ACTS::contains).orElse(null);
    return orNotFound(call, found.thenApply(d -> page(call, StatusCodes.OK, d, done == null ? null : text(call, "case_done_" + done),
        null, Map.of())));
  }

  /** The not-found page for a 404 refusal; any other failure stays one. */
  private CompletionStage<HttpResponse> orNotFound(WebCall call, CompletionStage<HttpResponse> answer) {
    return answer.exceptionally(e -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ApiProblem p && p.status().intValue() == 404) return pages.notFound(call);
      throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
    });
  }

  private CompletionStage<HttpResponse> attachment(WebCall call) {
    String number = call.param(0);
    String id = call.param(1);
    CompletionStage<CaseDesk.Attachment> found = audit.recorded(call.account().username(), "view-attachment", number,
        desk.attachment(call.account().actor(), number, id).thenApply(a -> a.orElseThrow(() -> CaseCalls.unknown(number))),
        a -> null, null);
    return orNotFound(call, found.thenApply(a -> CaseCalls.attachmentResponse(number, id, a)));
  }

  // ---- acting ----

  private CompletionStage<HttpResponse> act(WebCall call, String action) {
    String number = call.param(0);
    CaseDesk.Actor actor = call.account().actor();
    CompletionStage<CaseDesk.View> acted = act(call, action, call.form()).thenCompose(a -> desk.act(actor, number, a));
    return acted.handle((view, failure) -> failure == null
            ? audited(call, action, view.ulb(), null).thenApply(x -> pages.redirect(path(number) + "?done=" + action))
            : refused(call, action, ApiJson.problem(failure)))
        .thenCompose(Function.identity());
  }

  /** The act a form asks for; a resolution's photo is stored first, and one that is not a photo refuses the act. */
  private CompletionStage<Act> act(WebCall call, String action, Form form) {
    String note = form.field("note").orElse(null);
    return switch (action) {
      case "assign" -> done(new Act.Assign(form.field("official").orElse(null), note));
      case "start" -> done(new Act.Start(note));
      case "resolve" -> form.file("photo")
          .map(photo -> uploads.store(photo.bytes(), photo.contentType(), call.account().username())
              .<Act>thenApply(stored -> new Act.Resolve(note, stored.mediaId()))
              .exceptionally(e -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof IllegalArgumentException) {
                  throw new CaseDesk.Refused(CaseDesk.Refused.Reason.INVALID, "photo", text(call, "case_photo_refused", cause.getMessage()));
                }
                throw new CompletionException(cause);
              }))
          .orElseGet(() -> done(new Act.Resolve(note, null)));
      case "reject" -> done(new Act.Reject(form.field("reason").orElse(null)));
      case "ask" -> done(new Act.Ask(form.field("question").orElse(null)));
      case "comment" -> done(new Act.Comment(form.field("text").orElse(null)));
      case "reopen" -> done(new Act.Reopen(form.field("reason").orElse(null)));
      default -> throw new IllegalArgumentException(action);
    };
  }

  private static CompletionStage<Act> done(Act act) {
    return CompletableFuture.completedFuture(act);
  }

  /** The case page again with the message next to the act's form (what was typed kept); 404 as for an unknown case. */
  private CompletionStage<HttpResponse> refused(WebCall call, String action, ApiProblem problem) {
    String number = call.param(0);
    if (problem.status().intValue() == 404) {
      return audited(call, action, null, problem).thenApply(x -> pages.notFound(call));
    }
    return desk.get(call.account().actor(), number).thenCompose(detail -> audited(call, action,
            detail.map(d -> d.view().ulb()).orElse(null), problem)
        .thenApply(x -> detail.map(d -> page(call, problem.status(), d, null, action, Map.of("message", problem.getMessage())))
            .orElseGet(() -> pages.notFound(call))));
  }

  private CompletionStage<Void> audited(WebCall call, String action, String ulb, ApiProblem problem) {
    AuditLog.Entry entry = new AuditLog.Entry(call.account().username(), action, call.param(0), ulb,
        problem == null ? "ok" : problem.code(), problem == null ? null : problem.getMessage());
    // The record's own failure is logged by the audit log; the official still gets their answer.
    return audit.write(entry).handle((written, e) -> null);
  }

  // ---- the page ----

  private HttpResponse page(WebCall call, StatusCode status, CaseDesk.Detail detail, String flash, String failedAct,
      Map<String, Object> failure) {
    String lang = call.language();
    CaseDesk.View v = detail.view();
    Map<String, Object> model = new HashMap<>();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("number", v.number());
    c.put("path", path(v.number()));
    c.put("status", text(call, "case_status_" + key(v.status().key())));
    c.put("statusKey", v.status().key());
    c.put("category", categoryName(v, lang));
    c.put("ulb", v.ulb() == null ? null : directory.ulb(v.ulb()).map(u -> u.name(lang)).orElse(v.ulb()));
    c.put("ward", v.ward());
    c.put("department", directory.department(v.tenant(), v.department()).map(d -> d.name().in(lang)).orElse(v.department()));
    c.put("assignee", v.assignee() == null ? text(call, "case_in_queue") : officialName(v.tenant(), v.assignee()));
    c.put("level", v.level());
    c.put("filed", WebTime.shown(v.filedAt()));
    c.put("due", WebTime.shown(v.dueAt()));
    c.put("updated", WebTime.shown(v.updatedAt()));
    c.put("overdue", v.overdue());
    c.put("escalated", v.level() > 0 ? text(call, "case_escalated_to", v.level()) : null);
    c.put("description", v.description());
    c.put("rating", v.rating());
    model.put("case", c);
    model.put("place", place(v));
    model.put("transcript", transcript(call, detail));
    model.put("attachments", attachments(call, detail));
    model.put("hasAttachments", !detail.attachments().isEmpty());
    model.put("history", detail.history().stream().map(h -> Map.of(
        "at", WebTime.shown(h.at()),
        "by", who(call, v.tenant(), h.by()),
        "step", step(call, h.step()),
        "status", text(call, "case_status_" + key(h.status().key())),
        "note", h.note() == null ? "" : h.note(),
        "assignee", h.assignee() == null ? "" : officialName(v.tenant(), h.assignee()))).toList());
    if (flash != null) model.put("flash", flash);
    Map<String, Object> actions = actions(call, v);
    if (failedAct != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> form = (Map<String, Object>) actions.get(failedAct);
      if (form != null) {
        form.put("error", failure.get("message"));
        call.form().fields().forEach((name, values) -> {
          if (!name.equals("csrf") && !values.isEmpty()) form.put("typed_" + name, values.get(0));
        });
      } else {
        // The act is no longer offered (the case moved on): the message shows above the page.
        model.put("refusal", failure.get("message"));
      }
    }
    model.put("actions", actions);
    model.put("hasActions", !actions.isEmpty());
    return pages.page(call, status, "case", model);
  }

  /** The forms of the acts the case's status and the official's role allow, by act. */
  private Map<String, Object> actions(WebCall call, CaseDesk.View v) {
    Map<String, Object> actions = new LinkedHashMap<>();
    if (!CaseBook.mayAct(call.account().role())) return actions;
    CaseStatus status = v.status();
    boolean toOfficial = status.allows(new Act.Assign("someone", null));
    boolean toQueue = status.allows(new Act.Assign(null, null));
    if (toOfficial || toQueue) {
      List<Map<String, Object>> options = new ArrayList<>();
      if (toOfficial) {
        for (Official o : directory.officials(v.tenant())) {
          if (CaseBook.worksOn(o, v)) options.add(Map.of("id", o.id(), "name", o.name()));
        }
      }
      if (toQueue || !options.isEmpty()) {
        Map<String, Object> assign = offered();
        assign.put("officials", options);
        assign.put("toQueue", toQueue);
        actions.put("assign", assign);
      }
    }
    Map<String, Act> others = new LinkedHashMap<>();
    others.put("start", new Act.Start(null));
    others.put("resolve", new Act.Resolve(null, null));
    others.put("reject", new Act.Reject(null));
    others.put("ask", new Act.Ask(null));
    others.put("comment", new Act.Comment(null));
    others.put("reopen", new Act.Reopen(null));
    others.forEach((name, act) -> {
      if (status.allows(act)) actions.put(name, offered());
    });
    return actions;
  }

  // A form's section; never empty, so that the template shows it.
  private static Map<String, Object> offered() {
    Map<String, Object> form = new HashMap<>();
    form.put("offered", true);
    return form;
  }

  private Map<String, Object> place(CaseDesk.View v) {
    Map<String, Object> place = new HashMap<>();
    if (v.address() != null) place.put("address", v.address());
    if (v.latitude() != null && v.longitude() != null) {
      String lat = String.format(Locale.ROOT, "%.6f", v.latitude());
      String lon = String.format(Locale.ROOT, "%.6f", v.longitude());
      place.put("coordinates", lat + ", " + lon);
      place.put("map", "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon);
    }
    return place.isEmpty() ? null : place;
  }

  /** The citizen's and the bot's messages and the officials' notes, in time order (equal times keep their order). */
  private List<Map<String, Object>> transcript(WebCall call, CaseDesk.Detail detail) {
    record Line(Instant at, String shownAt, String side, String who, String text) {}
    List<Line> lines = new ArrayList<>();
    for (CaseDesk.MessageLine m : detail.messages()) {
      boolean citizen = "in".equals(m.direction());
      lines.add(new Line(instant(m.at()), WebTime.shown(m.at()), citizen ? "citizen" : "bot",
          text(call, citizen ? "case_citizen" : "case_bot"), m.text()));
    }
    for (CaseDesk.HistoryEntry h : detail.history()) {
      if (h.note() == null || h.note().isBlank() || h.by().equals(Case.CITIZEN) || h.by().equals(Case.SYSTEM)) continue;
      lines.add(new Line(instant(h.at()), WebTime.shown(h.at()), "official",
          officialName(detail.view().tenant(), h.by()) + " · " + step(call, h.step()), h.note()));
    }
    lines.sort(Comparator.comparing(Line::at));
    return lines.stream().map(l -> Map.<String, Object>of("at", l.shownAt(), "side", l.side(), "who", l.who(),
        "text", l.text() == null ? "" : l.text())).toList();
  }

  private List<Map<String, Object>> attachments(WebCall call, CaseDesk.Detail detail) {
    String number = detail.view().number();
    List<Map<String, Object>> all = new ArrayList<>();
    for (CaseDesk.AttachmentRef a : detail.attachments()) {
      Map<String, Object> m = new HashMap<>();
      String type = a.mimeType() == null ? "" : a.mimeType();
      m.put("url", path(number) + "/attachments/" + URLEncoder.encode(a.id(), StandardCharsets.UTF_8));
      m.put("stored", a.stored());
      m.put("image", type.startsWith("image/"));
      m.put("audio", type.startsWith("audio/"));
      m.put("file", !type.startsWith("image/") && !type.startsWith("audio/"));
      m.put("label", text(call, "case_attachment_label", a.kind() == null ? type : a.kind(), WebTime.shown(a.addedAt())));
      all.add(m);
    }
    return all;
  }

  private String categoryName(CaseDesk.View v, String lang) {
    return directory.categories(v.tenant()).stream().filter(cat -> cat.id().equals(v.category())).findFirst()
        .map(cat -> cat.name().in(lang) + cat.subTypes().stream().filter(s -> s.code().equals(v.subType())).findFirst()
            .map(s -> " / " + s.name().in(lang)).orElse(v.subType() == null ? "" : " / " + v.subType()))
        .orElse(v.category() + (v.subType() == null ? "" : " / " + v.subType()));
  }

  private String who(WebCall call, String tenant, String by) {
    if (Case.CITIZEN.equals(by)) return text(call, "case_citizen");
    if (Case.SYSTEM.equals(by)) return text(call, "case_system");
    return officialName(tenant, by);
  }

  private String officialName(String tenant, String id) {
    return directory.officials(tenant).stream().filter(o -> o.id().equals(id)).findFirst().map(Official::name).orElse(id);
  }

  private String step(WebCall call, String step) {
    return pages.texts().of(call.language()).getOrDefault("case_step_" + key(step), step);
  }

  private String text(WebCall call, String key, Object... args) {
    return pages.texts().text(call.language(), key, args);
  }

  /** A status or step written {@code in-progress} as a text key's part: {@code in_progress}. */
  private static String key(String name) {
    return name.replace('-', '_');
  }

  // An unreadable time sorts first rather than hiding the line.
  private static Instant instant(String iso) {
    if (iso == null) return Instant.EPOCH;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
