package chaupal.platform;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.mapRequest;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.Route;
import akka.japi.pf.PFBuilder;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import scala.PartialFunction;
import akka.http.javadsl.settings.ServerSettings;
import akka.io.Inet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Binds the HTTP port with several listening sockets that share it ({@code SO_REUSEPORT}; the
 * kernel spreads new connections over them).
 *
 * <p>One Akka HTTP binding accepts one connection at a time: its stream asks the listener for the
 * next connection only once the previous one has been handed over, a round trip through the
 * selector thread and two dispatchers. On a busy node that round trip takes milliseconds, so a
 * node took no more than 50-300 new connections a second, its accept queue filled, and senders'
 * connections timed out before any request reached the load shedder (docs/PERFORMANCE.md). Each
 * listener has its own round trip, so several accept in parallel.
 */
final class HttpListeners {

  private HttpListeners() {}

  /** Sets {@code SO_REUSEPORT} on the listening socket before it is bound. */
  static final class ReusePort extends Inet.AbstractSocketOption {
    @Override
    public void beforeServerSocketBind(ServerSocket socket) {
      try {
        socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Whether this platform can share a port between listening sockets. */
  static boolean canSharePort() {
    try (ServerSocket probe = new ServerSocket()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Binds {@code listeners} sockets on the port (one when the port is 0, i.e. chosen by the system,
   * or when the platform cannot share a port). Completes when all are bound, or fails with the
   * first failure after unbinding those that did bind.
   */
  static CompletionStage<List<ServerBinding>> bind(ActorSystem<?> system, String host, int port, int listeners, Deadlines deadlines,
      Route routes) {
    return bindAll(system, host, port, listeners,
        HeaderDeadline.around(deadlines.headers(), bodyDeadline(deadlines.body(), routes).flow(system)));
  }

  /**
   * How long a client may take: for a request's headers, from when its connection is ready for it
   * ({@link HeaderDeadline}); for its body, from its headers ({@link #bodyDeadline}).
   */
  record Deadlines(Duration headers, Duration body) {}

  /** A body that has not fully arrived within the time (counted from its headers) fails the request with 408. */
  static final class SlowBody extends RuntimeException {
    SlowBody(Duration limit) {
      super("the request body did not arrive within " + limit.toSeconds() + " s");
    }
  }

  /**
   * Bounds the time to read a request's body. Akka HTTP's idle-timeout restarts with every byte and
   * its request-timeout starts only once the body is complete, so a client trickling a body a byte
   * a second would otherwise hold its connection and the route reading it for as long as it likes.
   */
  static Route bodyDeadline(Duration limit, Route routes) {
    PartialFunction<Throwable, Throwable> slow = new PFBuilder<Throwable, Throwable>()
        .match(TimeoutException.class, e -> new SlowBody(limit)).build();
    ExceptionHandler tooSlow = ExceptionHandler.newBuilder()
        .match(SlowBody.class, e -> complete(StatusCodes.REQUEST_TIMEOUT, e.getMessage())).build();
    return handleExceptions(tooSlow, () -> mapRequest(request -> {
      RequestEntity entity = request.entity();
      if (entity.isStrict() || entity.isKnownEmpty()) return request;
      Source<ByteString, Object> data = entity.getDataBytes().completionTimeout(limit).mapError(slow);
      OptionalLong length = entity.getContentLengthOption();
      return request.withEntity(length.isPresent()
          ? HttpEntities.create(entity.getContentType(), length.getAsLong(), data)
          : HttpEntities.createChunked(entity.getContentType(), data));
    }, () -> routes));
  }

  private static CompletionStage<List<ServerBinding>> bindAll(ActorSystem<?> system, String host, int port, int listeners,
      Flow<HttpRequest, HttpResponse, ?> handler) {
    int count = port == 0 || !canSharePort() ? 1 : listeners;
    ServerSettings settings = ServerSettings.create(Adapter.toClassic(system));
    if (count > 1) {
      // Sockets that share a port would also share it with a second Chaupal started by mistake on
      // the same port, each silently taking part of the traffic: make sure nobody listens there yet.
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(host, port));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(new BindException("port " + port + " is already in use (" + e.getMessage() + ")"));
      }
      List<Inet.SocketOption> options = new ArrayList<>();
      settings.getSocketOptions().forEach(options::add);
      options.add(new ReusePort());
      settings = settings.withSocketOptions(options);
    }
    List<CompletableFuture<ServerBinding>> bindings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bindings.add(Http.get(system).newServerAt(host, port).withSettings(settings).bindFlow(handler).toCompletableFuture());
    }
    return CompletableFuture.allOf(bindings.toArray(CompletableFuture[]::new))
        .thenApply(done -> bindings.stream().map(CompletableFuture::join).toList())
        .whenComplete((all, failure) -> {
          if (failure != null) {
            bindings.stream().filter(b -> !b.isCompletedExceptionally()).forEach(b -> b.thenAccept(ServerBinding::unbind));
          }
        });
  }
}
