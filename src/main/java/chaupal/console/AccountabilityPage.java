package chaupal.console;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.ContentDisposition;
import akka.http.javadsl.model.headers.ContentDispositionTypes;
import chaupal.cases.CaseFigures;
import chaupal.cases.CaseFigures.Grouping;
import chaupal.cases.CaseFigures.Row;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Ulb;
import chaupal.db.CsvExport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletionStage;

/**
 * The accountability page: {@link CaseFigures} per ULB, department or officer within the official's
 * scope, as a sortable table whose figures link to the queue filtered to the cases behind them, as
 * charts ({@code static/accountability.js} over {@code accountability.json}), and as CSV. A state
 * administrator's ULB table lists every ULB of the tenant, quiet ones too.
 */
final class AccountabilityPage implements WebPage {

  /**
   * A column of the table: its key in {@code ?sort=}, its figure, and the queue filter that shows the
   * cases behind it (null: the group's cases, for rates and times that come from all of them).
   */
  enum Column {
    NAME("name", null, null),
    TOTAL("total", r -> r.total(), null),
    OPEN("open", r -> r.open(), "status=open"),
    OVERDUE("overdue", r -> r.overdue(), "overdue=true"),
    ESCALATED("escalated", r -> r.escalated(), "escalated=true"),
    IN_TIME("in_time", Row::resolvedInTimePercent, null),
    MEDIAN("median", Row::medianResolutionHours, null),
    P90("p90", Row::p90ResolutionHours, null),
    REOPEN("reopen", Row::reopenRatePercent, null),
    RATING("rating", Row::averageRating, null);

    final String key;
    final Function<Row, Number> figure;
    final String filter;

    Column(String key, Function<Row, Number> figure, String filter) {
      this.key = key;
      this.figure = figure;
      this.filter = filter;
    }

    static Column of(String key) {
      return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst().orElse(OVERDUE);
    }
  }

  /** The queue's parameter for each grouping (common contract of the queue page). */
  private static final Map<Grouping, String> QUEUE_PARAMETER = Map.of(
      Grouping.ULB, "ulb", Grouping.DEPARTMENT, "department", Grouping.OFFICER, "assignee");

  // Jackson's default quoting, not STRICT_CHECK_FOR_QUOTING: that one leaves a cell with a line break unquoted (2.15).
  private static final ContentType.NonBinary CSV_TYPE = MediaTypes.TEXT_CSV.toContentType(HttpCharsets.UTF_8);

  private final Pages pages;
  private final CaseFigures figures;
  private final Directory directory;

  AccountabilityPage(Pages pages, CaseFigures figures, Directory directory) {
    this.pages = pages;
    this.figures = figures;
    this.directory = directory;
  }

  public List<WebEndpoint> endpoints() {
    return List.of(
        new WebEndpoint(HttpMethods.GET, "/accountability", true, this::page),
        new WebEndpoint(HttpMethods.GET, "/accountability.json", true, this::json),
        new WebEndpoint(HttpMethods.GET, "/accountability.csv", true, this::csv));
  }

  /** What was asked: grouped how, sorted by which column, which way. */
  record View(Grouping by, Column sort, boolean descending) {

    static View of(WebCall call) {
      Grouping by = Arrays.stream(Grouping.values()).filter(g -> g.key().equals(call.query("by").orElse("")))
          .findFirst().orElse(Grouping.ULB);
      return new View(by, Column.of(call.query("sort").orElse("")), !call.query("order").orElse("desc").equals("asc"));
    }

    String link(Column column, boolean descending) {
      return link("", column, descending);
    }

    /** The page ({@code ""}), its CSV or its JSON, grouped as this one, sorted by {@code column}. */
    String link(String suffix, Column column, boolean descending) {
      return "/console/accountability" + suffix + "?by=" + by.key() + "&sort=" + column.key + "&order=" + (descending ? "desc" : "asc");
    }
  }

  /** A group's figures with the name officials know it by. */
  record Named(Row row, String name) {}

  CompletionStage<HttpResponse> page(WebCall call) {
    View view = View.of(call);
    return rows(call, view).thenApply(rows -> {
      Map<String, String> t = pages.texts().of(call.language());
      List<Map<String, Object>> header = new ArrayList<>();
      for (Column c : Column.values()) {
        boolean current = c == view.sort();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("label", t.get("accountability_col_" + c.key));
        // First click sorts the worst (highest) first; a second one turns it round.
        h.put("href", view.link(c, !(current && view.descending())));
        h.put("sort", current ? (view.descending() ? "descending" : "ascending") : "none");
        header.add(h);
      }
      List<Map<String, Object>> body = new ArrayList<>();
      for (Named n : rows) {
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Column c : Column.values()) {
          if (c == Column.NAME) continue;
          Map<String, Object> cell = new LinkedHashMap<>();
          cell.put("text", shown(c, c.figure.apply(n.row())));
          String href = queueLink(view.by(), n.row().key(), c.filter);
          if (href != null) cell.put("href", href);
          cells.add(cell);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", n.name());
        String all = queueLink(view.by(), n.row().key(), null);
        if (all != null) r.put("href", all);
        r.put("cells", cells);
        body.add(r);
      }
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("header", header);
      model.put("rows", body);
      model.put("empty", body.isEmpty());
      model.put("groupings", groupings(view, t));
      model.put("csv", view.link(".csv", view.sort(), view.descending()));
      model.put("json", view.link(".json", view.sort(), view.descending()));
      return pages.page(call, "accountability", model);
    });
  }

  /** The same figures for the charts: names and raw numbers in the table's order. */
  CompletionStage<HttpResponse> json(WebCall call) {
    View view = View.of(call);
    return rows(call, view).thenApply(rows -> {
      Map<String, Object> series = new LinkedHashMap<>();
      series.put("names", rows.stream().map(Named::name).toList());
      for (Column c : Column.values()) {
        if (c != Column.NAME) series.put(c.key, rows.stream().map(n -> c.figure.apply(n.row())).toList());
      }
      return ApiJson.response(StatusCodes.OK, series);
    });
  }

  CompletionStage<HttpResponse> csv(WebCall call) {
    View view = View.of(call);
    return rows(call, view).thenApply(rows -> {
      Map<String, String> t = pages.texts().of(call.language());
      List<List<String>> lines = new ArrayList<>();
      List<String> head = new ArrayList<>(List.of(t.get("accountability_csv_key")));
      for (Column c : Column.values()) head.add(t.get("accountability_col_" + c.key));
      lines.add(head);
      for (Named n : rows) {
        List<String> line = new ArrayList<>(List.of(n.row().key() == null ? "" : n.row().key(), n.name()));
        for (Column c : Column.values()) {
          if (c != Column.NAME) line.add(raw(c.figure.apply(n.row())));
        }
        lines.add(line);
      }
      return HttpResponse.create()
          .withEntity(HttpEntities.create(CSV_TYPE, CsvExport.of(lines)))
          .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
              Map.of("filename", "accountability-" + view.by().key() + ".csv")));
    });
  }


  private CompletionStage<List<Named>> rows(WebCall call, View view) {
    Account account = call.account();
    List<String> shown = view.by() == Grouping.ULB && account.role() == Official.Role.STATE_ADMIN
        ? directory.ulbs(account.tenant()).stream().map(Ulb::code).toList() : List.of();
    return figures.figures(account.actor(), view.by(), shown).thenApply(rows -> {
      List<Named> named = new ArrayList<>(rows.stream().map(r -> new Named(r, name(call, view.by(), r.key()))).toList());
      named.sort(order(view));
      return named;
    });
  }

  /** By the chosen column, the way asked; groups without that figure last either way; then by name. */
  static Comparator<Named> order(View view) {
    Comparator<Named> byName = Comparator.comparing(n -> n.name().toLowerCase(Locale.ROOT));
    if (view.sort() == Column.NAME) return view.descending() ? byName.reversed() : byName;
    Comparator<Double> numbers = view.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
    Comparator<Named> byFigure = Comparator.comparing(n -> value(view.sort(), n), Comparator.nullsLast(numbers));
    return byFigure.thenComparing(byName);
  }

  private static Double value(Column column, Named n) {
    Number v = column.figure.apply(n.row());
    return v == null ? null : v.doubleValue();
  }

  private String name(WebCall call, Grouping by, String key) {
    String lang = call.language();
    if (key == null) return pages.texts().text(lang, by == Grouping.OFFICER ? "accountability_unassigned" : "accountability_no_ulb");
    return switch (by) {
      case ULB -> directory.ulb(key).map(u -> u.name(lang)).orElse(key);
      case DEPARTMENT -> directory.department(call.account().tenant(), key).map(d -> d.name().in(lang)).orElse(key);
      case OFFICER -> key;
    };
  }

  /** The queue of the group's cases, narrowed by {@code filter}; none for a group the queue cannot name (no assignee). */
  static String queueLink(Grouping by, String key, String filter) {
    if (key == null) return null;
    return "/console/?" + QUEUE_PARAMETER.get(by) + "=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
        + (filter == null ? "" : "&" + filter);
  }

  private static List<Map<String, Object>> groupings(View view, Map<String, String> t) {
    List<Map<String, Object>> links = new ArrayList<>();
    for (Grouping g : Grouping.values()) {
      links.add(Map.of("label", t.get("accountability_by_" + g.key()), "current", g == view.by(),
          "href", new View(g, view.sort(), view.descending()).link(view.sort(), view.descending())));
    }
    return links;
  }

  /** A figure as the table shows it: counts whole, rates in %, times in hours, ratings of 5; "–" where there is none. */
  static String shown(Column column, Number value) {
    if (value == null) return "–";
    return switch (column) {
      case IN_TIME, REOPEN -> String.format(Locale.ROOT, "%.1f %%", value.doubleValue());
      case MEDIAN, P90 -> String.format(Locale.ROOT, "%.1f h", value.doubleValue());
      case RATING -> String.format(Locale.ROOT, "%.1f", value.doubleValue());
      default -> String.valueOf(value.longValue());
    };
  }

  private static String raw(Number value) {
    if (value == null) return "";
    return value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
  }
}
