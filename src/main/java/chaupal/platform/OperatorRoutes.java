package chaupal.platform;

import static akka.http.javadsl.server.Directives.*;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.server.Route;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/** The node's own routes for its operator: metrics, readiness, and the front page. */
final class OperatorRoutes {

  private OperatorRoutes() {}

  /** {@code phonePage}: the simulator runs, so the front page leads to its phone. */
  static Route of(ActorSystem<?> system, PrometheusMeterRegistry metrics, boolean phonePage) {
    return concat(
        path("metrics", () -> get(() -> complete(HttpEntities.create(
            ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"), metrics.scrape().getBytes(StandardCharsets.UTF_8))))),
        path("ready", () -> get(() -> Cluster.get(system).selfMember().status() == MemberStatus.up()
            ? complete("ready") : complete(StatusCodes.SERVICE_UNAVAILABLE, "joining the cluster"))),
        pathSingleSlash(() -> get(() -> phonePage
            ? redirect(Uri.create("/phone"), StatusCodes.FOUND)
            : complete("Chaupal: WhatsApp gateway. Webhooks at /webhooks/whatsapp, metrics at /metrics."))));
  }
}
