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

/** The node's own routes for its operator: metrics, readiness (cluster and database), and the front page. */
final class OperatorRoutes {

  private OperatorRoutes() {}

  /** {@code phonePage}: the simulator runs, so the front page leads to its phone. */
  static Route of(ActorSystem<?> system, PrometheusMeterRegistry metrics, boolean phonePage) {
    DatabaseWatch database = DatabaseWatch.get(system);
    return concat(
        path("metrics", () -> get(() -> complete(HttpEntities.create(
            ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"), metrics.scrape().getBytes(StandardCharsets.UTF_8))))),
        path("ready", () -> get(() -> ready(system, database))),
        pathSingleSlash(() -> get(() -> phonePage
            ? redirect(Uri.create("/phone"), StatusCodes.FOUND)
            : complete("Chaupal: WhatsApp gateway. Webhooks at /webhooks/whatsapp, metrics at /metrics."))));
  }

  /** Ready only when this node is up in the cluster and reaches the database: otherwise its webhooks would get 503. */
  private static Route ready(ActorSystem<?> system, DatabaseWatch database) {
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return complete(StatusCodes.SERVICE_UNAVAILABLE, "joining the cluster");
    }
    if (!database.reachable()) return complete(StatusCodes.SERVICE_UNAVAILABLE, "the database is unreachable");
    return complete("ready");
  }
}
