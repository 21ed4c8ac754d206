package chaupal.console;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import chaupal.outbound.SyncedTemplate;
import chaupal.outbound.TemplateRegistry;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The template routes: {@code GET /templates} lists the templates Meta has for the caller's tenant's
 * channels, {@code POST /templates/sync} (state administrators) reads them from Meta again. Audited.
 */
final class TemplateCalls {

  /** One template variant as the API shows it. */
  record TemplateView(String channel, String wabaId, String name, String language, String category, String status, String quality,
      int bodyParameters, String headerFormat, String bodyText, String reason, Instant updatedAt) {

    static TemplateView of(String channel, SyncedTemplate t) {
      return new TemplateView(channel, t.wabaId(), t.name(), t.languageCode(), t.category(), t.status(), t.quality(),
          t.bodyParameters(), t.headerFormat(), t.bodyText(), t.reason(), t.updatedAt());
    }
  }

  private final Directory directory;
  private final TemplateRegistry templates;
  private final Supplier<CompletionStage<Integer>> sync;
  private final AuditLog audit;

  TemplateCalls(Directory directory, TemplateRegistry templates, Supplier<CompletionStage<Integer>> sync, AuditLog audit) {
    this.directory = directory;
    this.templates = templates;
    this.sync = sync;
    this.audit = audit;
  }

  CompletionStage<HttpResponse> list(Endpoint.Call call) {
    List<TemplateView> out = new ArrayList<>();
    for (Channel channel : directory.channels()) {
      if (!channel.tenantId().equals(call.account().tenant())) continue;
      for (SyncedTemplate t : templates.of(channel.phoneNumberId())) out.add(TemplateView.of(channel.phoneNumberId(), t));
    }
    return audit.recorded(call.account().username(), "list-templates", null, CompletableFuture.completedFuture(out), v -> null, null)
        .thenApply(v -> ApiJson.response(StatusCodes.OK, Map.of("templates", v)));
  }

  CompletionStage<HttpResponse> sync(Endpoint.Call call) {
    CompletionStage<Integer> read;
    if (call.account().role() != Official.Role.STATE_ADMIN) {
      read = CompletableFuture.failedFuture(ApiProblem.of(StatusCodes.FORBIDDEN, "only a state administrator reads the templates from Meta again"));
    } else {
      read = sync.get().exceptionally(e -> {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        throw ApiProblem.of(StatusCodes.BAD_GATEWAY, "Meta's template list could not be read: " + cause.getMessage());
      });
    }
    return audit.recorded(call.account().username(), "sync-templates", null, read, n -> null, null)
        .thenApply(n -> ApiJson.response(StatusCodes.OK, Map.of("read", n)));
  }
}
