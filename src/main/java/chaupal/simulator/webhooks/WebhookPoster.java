package chaupal.simulator.webhooks;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import chaupal.simulator.Counters;
import chaupal.simulator.SimulatorSettings;
import chaupal.whatsapp.WebhookSignature;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhooks the way Meta does: signed with {@code X-Hub-Signature-256} over the exact bytes, only
 * a 200 counts, anything else is retried at once and then with doubling waits, a bounded number of times.
 */
public final class WebhookPoster {

  private static final Logger log = LoggerFactory.getLogger(WebhookPoster.class);

  private final ActorSystem<?> system;
  private final String url;
  private final byte[] secret;
  private final SimulatorSettings.Tuning tuning;
  private final ConnectionPoolSettings pool;
  private final Counters counters;

  public WebhookPoster(ActorSystem<?> system, SimulatorSettings settings, Counters counters) {
    this.system = system;
    this.url = settings.webhookUrl();
    this.secret = WebhookSignature.secret(settings.appSecret());
    this.tuning = settings.tuning();
    this.counters = counters;
    // Meta posts concurrently; the default pool (4 connections, 32 queued) would overflow under load.
    this.pool = ConnectionPoolSettings.create(system.classicSystem()).withMaxConnections(32).withMaxOpenRequests(4096);
  }

  /**
   * Posts until a 200 or {@code attempts} tries. {@code onAttempt} hears each HTTP status (0: no
   * response). The stage completes with the last status.
   */
  public CompletionStage<Integer> post(byte[] body, int attempts, IntConsumer onAttempt) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    attempt(body, 1, Math.max(1, attempts), onAttempt, done);
    return done;
  }

  private void attempt(byte[] body, int n, int attempts, IntConsumer onAttempt, CompletableFuture<Integer> done) {
    once(body).whenComplete((status, failure) -> {
      int code = failure == null ? status : 0;
      counters.webhookPosted(code == 200);
      onAttempt.accept(code);
      if (code == 200 || n >= attempts) {
        if (code != 200) log.warn("Webhook dropped after {} attempts, last status {}", n, code);
        done.complete(code);
        return;
      }
      Duration wait = n == 1 ? Duration.ZERO : tuning.webhookFirstRetry().multipliedBy(1L << Math.min(n - 2, 20));
      system.scheduler().scheduleOnce(wait, () -> attempt(body, n + 1, attempts, onAttempt, done), system.executionContext());
    });
  }

  private CompletableFuture<Integer> once(byte[] body) {
    HttpRequest request = HttpRequest.POST(url)
        .withEntity(ContentTypes.APPLICATION_JSON, body)
        .addHeader(RawHeader.create(WebhookSignature.HEADER, WebhookSignature.sign(body, secret)));
    Http http = Http.get(system);
    return http.singleRequest(request, http.defaultClientHttpsContext(), pool, system.classicSystem().log())
        .thenApply(response -> {
          response.discardEntityBytes(system);
          return response.status().intValue();
        })
        .toCompletableFuture()
        .orTimeout(tuning.webhookTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
