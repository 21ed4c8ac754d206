package chaupal.console;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import chaupal.broadcast.Campaign;
import chaupal.broadcast.Campaigns;
import chaupal.broadcast.ConsentImport;
import chaupal.tenancy.Official;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The campaign routes: {@link Campaigns} decides and scopes (a campaign outside the caller's ULBs is
 * as unknown as a missing one; observers and department officers only read), this maps requests and
 * answers and audits each call. Campaigns are looked up at each call, so the routes exist (and answer
 * 503) on a node where campaigns have not been started.
 */
final class CampaignCalls {

  /** The body of POST /campaigns. */
  record PlanBody(String templateName, List<String> languages, Map<String, String> languageCodes, List<Campaign.Parameter> parameters,
      String headerKind, String headerLink, Campaign.Audience audience, Instant scheduledAt) {}

  record ScheduleBody(Instant at) {}

  record Empty() {}

  record CampaignList(List<Campaign> campaigns) {}

  static final List<String> ACTS = List.of("schedule", "pause", "resume", "cancel");

  private final ActorSystem<?> system;
  private final AuditLog audit;

  private CampaignCalls(ActorSystem<?> system, AuditLog audit) {
    this.system = system;
    this.audit = audit;
  }

  /** The endpoints of {@code /api/v1/campaigns}, for Console's list. */
  static List<Endpoint> endpoints(ActorSystem<?> system, AuditLog audit) {
    CampaignCalls calls = new CampaignCalls(system, audit);
    List<Endpoint> endpoints = new java.util.ArrayList<>();
    endpoints.add(new Endpoint(HttpMethods.POST, "/campaigns", true, calls::create));
    endpoints.add(new Endpoint(HttpMethods.GET, "/campaigns", true, calls::list));
    endpoints.add(new Endpoint(HttpMethods.GET, "/campaigns/{id}", true, calls::get));
    endpoints.add(new Endpoint(HttpMethods.POST, "/campaigns/{id}/estimate", true, calls::estimate));
    for (String act : ACTS) endpoints.add(new Endpoint(HttpMethods.POST, "/campaigns/{id}/" + act, true, call -> calls.act(call, act)));
    endpoints.add(new Endpoint(HttpMethods.GET, "/campaigns/{id}/report.csv", true, calls::report));
    endpoints.add(new Endpoint(HttpMethods.POST, "/subscriptions/import", true, calls::importConsents));
    return endpoints;
  }

  CompletionStage<HttpResponse> create(Endpoint.Call call) {
    CompletionStage<Campaign> created = campaigns().thenCompose(c -> call.body(PlanBody.class).thenCompose(b -> c.create(official(call),
        new Campaigns.Plan(b.templateName(), b.languages(), b.languageCodes(), b.parameters(), b.headerKind(), b.headerLink(),
            b.audience(), b.scheduledAt()))));
    return recorded(call, "create-campaign", created, x -> x).thenApply(x -> ApiJson.response(StatusCodes.CREATED, x));
  }

  CompletionStage<HttpResponse> list(Endpoint.Call call) {
    return recorded(call, "list-campaigns", campaigns().thenCompose(c -> c.list(official(call))), x -> null)
        .thenApply(found -> ApiJson.response(StatusCodes.OK, new CampaignList(found)));
  }

  CompletionStage<HttpResponse> get(Endpoint.Call call) {
    return recorded(call, "view-campaign", campaigns().thenCompose(c -> c.get(official(call), id(call))), Campaigns.Detail::campaign)
        .thenApply(d -> ApiJson.response(StatusCodes.OK, d));
  }

  CompletionStage<HttpResponse> estimate(Endpoint.Call call) {
    CompletionStage<Campaigns.Estimate> estimated = campaigns().thenCompose(c -> call.body(Empty.class).thenCompose(b -> c.estimate(official(call), id(call))));
    return recorded(call, "estimate-campaign", estimated, e -> null).thenApply(e -> ApiJson.response(StatusCodes.OK, e));
  }

  /** One of schedule, pause, resume, cancel. */
  CompletionStage<HttpResponse> act(Endpoint.Call call, String act) {
    CompletionStage<Campaign> acted = campaigns().thenCompose(c -> switch (act) {
      case "schedule" -> call.body(ScheduleBody.class).thenCompose(b -> c.schedule(official(call), id(call), b.at()));
      case "pause" -> call.body(Empty.class).thenCompose(b -> c.pause(official(call), id(call)));
      case "resume" -> call.body(Empty.class).thenCompose(b -> c.resume(official(call), id(call)));
      case "cancel" -> call.body(Empty.class).thenCompose(b -> c.cancel(official(call), id(call)));
      default -> throw new IllegalArgumentException(act);
    });
    return recorded(call, act + "-campaign", acted, x -> x).thenApply(x -> ApiJson.response(StatusCodes.OK, x));
  }

  /** Consents given on a web form, up to {@link ConsentImport#MAX_ROWS} a call; audited with what came of them. */
  CompletionStage<HttpResponse> importConsents(Endpoint.Call call) {
    CompletionStage<ConsentImport.Result> imported = campaigns().thenCompose(c -> call.body(ConsentImport.Batch.class)
        .thenCompose(b -> c.importConsents(official(call), b))).exceptionally(failure -> {
          throw problem(failure);
        });
    return audit.recorded(call.account().username(), "import-consents", null, imported, r -> null, null,
            r -> "web-form consents: " + r.recorded() + " recorded, " + r.alreadyActive() + " already, " + r.endedByCitizen()
                + " ended by the citizen, " + r.rejected() + " rejected, " + r.unanswered() + " unanswered")
        .thenApply(r -> ApiJson.response(StatusCodes.OK, r));
  }

  CompletionStage<HttpResponse> report(Endpoint.Call call) {
    return recorded(call, "report-campaign", campaigns().thenCompose(c -> c.report(official(call), id(call))), x -> null)
        .thenApply(csv -> HttpResponse.create()
            .withEntity(HttpEntities.createChunked(ContentTypes.TEXT_CSV_UTF8, csv))
            // The id is a number by now (id() refused anything else).
            .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"campaign-" + call.param(0) + ".csv\"")));
  }

  private CompletionStage<Campaigns> campaigns() {
    return Campaigns.of(system).<CompletionStage<Campaigns>>map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
        ApiProblem.of(StatusCodes.SERVICE_UNAVAILABLE, "campaigns are not running on this node yet; try again in a moment")));
  }

  /** Audited with the campaign's id (and its ULB, when it has exactly one); the campaigns' refusals in the API's shape. */
  private <T> CompletionStage<T> recorded(Endpoint.Call call, String action, CompletionStage<T> work, Function<T, Campaign> campaign) {
    CompletionStage<T> answered = work.exceptionally(failure -> {
      throw problem(failure);
    });
    return audit.recorded(call.account().username(), action, null, answered, value -> {
      Campaign x = value == null ? null : campaign.apply(value);
      return x != null && x.audience().ulbs().size() == 1 ? x.audience().ulbs().get(0) : null;
    }, null, value -> {
      Campaign x = value == null ? null : campaign.apply(value);
      return x == null ? call.params().isEmpty() ? null : "campaign " + call.param(0) : "campaign " + x.id();
    });
  }

  private static ApiProblem problem(Throwable failure) {
    Throwable t = failure;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof Campaigns.Refused r) {
      return switch (r.reason()) {
        case NOT_FOUND -> ApiProblem.of(StatusCodes.NOT_FOUND, r.getMessage());
        case ILLEGAL -> ApiProblem.conflict(r.field(), r.getMessage());
        case INVALID -> ApiProblem.invalid(r.field(), r.getMessage());
        case FORBIDDEN -> ApiProblem.of(StatusCodes.FORBIDDEN, r.getMessage());
      };
    }
    return ApiJson.problem(t);
  }

  private static Campaigns.Official official(Endpoint.Call call) {
    Account a = call.account();
    boolean readOnly = a.role() == Official.Role.OBSERVER || a.role() == Official.Role.DEPARTMENT_OFFICER;
    return new Campaigns.Official(a.username(), a.tenant(), a.scope().ulbs(), readOnly);
  }

  private static long id(Endpoint.Call call) {
    try {
      return Long.parseLong(call.param(0));
    } catch (NumberFormatException e) {
      throw ApiProblem.of(StatusCodes.NOT_FOUND, "no campaign " + call.param(0) + " (campaign ids are numbers)");
    }
  }
}
