package chaupal.conversation;

import chaupal.conversation.Circumstances.CitizenCase;
import chaupal.tenancy.Category;
import chaupal.tenancy.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What citizens read about their cases: the status of one (asked by its number), the list of all
 * their open ones, and each change as it happens, with the template for outside the 24-hour window.
 * Only the citizen's own cases are ever named: the entity gives them, nothing else is looked up.
 */
final class Tracking {

  /** A tap on a row of the open-cases list: the case's status. */
  static final String ROW_PREFIX = "track:";

  /** A tap on a resolved notice's buttons: {@code case:<number>:yes} or {@code :no}. */
  static final String FEEDBACK_PREFIX = "case:";

  static final List<String> STATUSES =
      List.of("registered", "assigned", "in-progress", "resolved", "rejected", "closed-resolved", "closed-rejected",
          "escalated", "reopened", "closed", "asked");

  static final String TEMPLATE_PURPOSE = "case-update";

  private final Grievance grievance;

  Tracking(Grievance grievance) {
    this.grievance = grievance;
  }

  static List<String> textKeys() {
    List<String> keys = new ArrayList<>(List.of("track.one", "track.note", "track.due", "track.unknown", "track.none",
        "track.open", "track.open-more", "track.button", "track.row", "notice.resolved-yes", "notice.resolved-no",
        "notice.note", "notice.due", "notice.answered"));
    STATUSES.forEach(status -> keys.add("status." + status));
    CaseNotice.STEPS.forEach(step -> keys.add("notice." + step));
    return keys;
  }

  static boolean isOpen(CitizenCase c) {
    return c.status() == null || !c.status().startsWith("closed");
  }

  /** The status of the citizen's case of this number; "we could not find it" when it is not theirs. */
  String one(Voice voice, List<CitizenCase> cases, String number) {
    for (CitizenCase c : cases) {
      if (c.number().equalsIgnoreCase(number)) return status(voice, c);
    }
    return voice.text("track.unknown", Map.of("case_number", number));
  }

  /** All the citizen's open cases: a list to tap (ten rows), naming in its text those beyond ten. */
  Reply open(Voice voice, List<CitizenCase> cases) {
    List<CitizenCase> open = cases.stream().filter(Tracking::isOpen).toList();
    if (open.isEmpty()) return new Reply.TextReply(voice.text("track.none"));
    if (open.size() == 1) return new Reply.TextReply(status(voice, open.get(0)));
    List<Reply.Option> rows = new ArrayList<>();
    for (CitizenCase c : open.subList(0, Math.min(Reply.LIST_ROWS_MAX, open.size()))) {
      String description = voice.text("track.row", Map.of("category", categoryName(voice, c), "status", statusName(voice, c.status())));
      rows.add(new Reply.Option(ROW_PREFIX + c.number(), c.number(), Prompt.Built.cut(description, Reply.ROW_DESCRIPTION_MAX)));
    }
    String body = voice.text("track.open", Map.of("count", Integer.toString(open.size())));
    if (open.size() > Reply.LIST_ROWS_MAX) {
      String rest =
          open.subList(Reply.LIST_ROWS_MAX, open.size()).stream()
              .map(c -> c.number() + " (" + statusName(voice, c.status()) + ")")
              .collect(Collectors.joining("\n"));
      body = body + "\n\n" + voice.text("track.open-more", Map.of("cases", rest));
    }
    return new Reply.ListReply(null, Prompt.Built.cut(body, Reply.LIST_BODY_MAX), null, voice.text("track.button"),
        List.of(new Reply.Section(null, rows)));
  }

  private String status(Voice voice, CitizenCase c) {
    StringBuilder text =
        new StringBuilder(
            voice.text("track.one", Map.of("case_number", c.number(), "status", statusName(voice, c.status()),
                "category", categoryName(voice, c), "department", grievance.departmentName(voice, c.department()))));
    if (c.dueAtMillis() > 0 && isOpen(c) && !"resolved".equals(c.status()) && !"rejected".equals(c.status())) {
      text.append('\n').append(voice.text("track.due", Map.of("due", DueTime.say(voice, c.dueAtMillis()))));
    }
    if (c.note() != null && !c.note().isBlank()) text.append('\n').append(voice.text("track.note", Map.of("note", c.note())));
    return text.toString();
  }

  /** The reply and the template for a change of one of the citizen's cases. */
  Notice notice(Voice voice, CaseNotice notice) {
    String status = statusName(voice, statusOf(notice.step()));
    String department = grievance.departmentName(voice, notice.department());
    String due = notice.dueAtMillis() > 0 ? DueTime.say(voice, notice.dueAtMillis()) : "-";
    Map<String, String> values = new HashMap<>();
    values.put("case_number", notice.caseNumber());
    values.put("status", status);
    values.put("note", notice.note() == null || notice.note().isBlank() ? "-" : notice.note().strip());
    values.put("department", department.isEmpty() ? "-" : department);
    values.put("due", due);
    StringBuilder text = new StringBuilder(voice.text("notice." + notice.step(), values));
    // A question is the note itself: said once, in the main text.
    if (notice.note() != null && !notice.note().isBlank() && !notice.step().equals("asked")) text.append('\n').append(voice.text("notice.note", values));
    if (notice.dueAtMillis() > 0 && List.of("assigned", "started", "escalated", "reopened").contains(notice.step())) {
      text.append('\n').append(voice.text("notice.due", values));
    }
    Reply reply;
    String body = Prompt.Built.cut(text.toString(), Reply.INTERACTIVE_BODY_MAX);
    if (notice.step().equals("resolved")) {
      reply =
          new Reply.ButtonsReply(null, body, null,
              List.of(
                  new Reply.Option(FEEDBACK_PREFIX + notice.caseNumber() + ":yes", voice.text("notice.resolved-yes"), null),
                  new Reply.Option(FEEDBACK_PREFIX + notice.caseNumber() + ":no", voice.text("notice.resolved-no"), null)));
    } else {
      reply = new Reply.TextReply(text.toString());
    }
    Channel.Template template = voice.channel().template(TEMPLATE_PURPOSE, voice.language()).orElse(null);
    List<String> parameters =
        template == null ? List.of() : template.fill(values);
    return new Notice(reply, template, parameters);
  }

  /** The status a case is in after a step. */
  static String statusOf(String step) {
    return switch (step) {
      case "started" -> "in-progress";
      default -> step;
    };
  }

  private static String statusName(Voice voice, String status) {
    return STATUSES.contains(status) ? voice.text("status." + status) : status == null ? "" : status;
  }

  private String categoryName(Voice voice, CitizenCase c) {
    String category = grievance.categoryName(voice, c.category());
    if (c.subType() == null) return category;
    return voice.tenant().categories().stream()
        .filter(k -> k.id().equals(c.category()))
        .flatMap(k -> k.subTypes().stream())
        .filter(s -> s.code().equals(c.subType()))
        .map(Category.SubType::name)
        .map(n -> category + ": " + n.in(voice.language()))
        .findFirst()
        .orElse(category);
  }
}
