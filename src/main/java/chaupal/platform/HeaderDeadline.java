package chaupal.platform;

import akka.Done;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.stream.Attributes;
import akka.stream.BidiShape;
import akka.stream.Inlet;
import akka.stream.Outlet;
import akka.stream.javadsl.BidiFlow;
import akka.stream.javadsl.Flow;
import akka.stream.stage.AbstractInHandler;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import akka.stream.stage.TimerGraphStageLogic;
import akka.util.ByteString;
import java.time.Duration;

/**
 * Closes a connection whose next request's headers have not arrived within the limit, counted from
 * when the connection became ready for a request: accepted, or its previous response sent in full.
 * Akka HTTP's idle-timeout restarts with every byte, so a client trickling its headers a byte a
 * second was held for ever. The stage sees parsed requests, not bytes, so the time a kept-alive
 * connection sits idle counts too: an idle connection is closed after the same limit (Apache's
 * RequestReadTimeout does the same). Nothing is timed while a request is being answered, or while
 * a streamed response is still being sent.
 */
final class HeaderDeadline extends GraphStage<BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse>> {

  private static final String TIMER = "headers";

  private final Inlet<HttpRequest> fromClient = Inlet.create("HeaderDeadline.fromClient");
  private final Outlet<HttpRequest> toRoute = Outlet.create("HeaderDeadline.toRoute");
  private final Inlet<HttpResponse> fromRoute = Inlet.create("HeaderDeadline.fromRoute");
  private final Outlet<HttpResponse> toClient = Outlet.create("HeaderDeadline.toClient");
  private final BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape =
      BidiShape.of(fromClient, toRoute, fromRoute, toClient);
  private final Duration limit;

  private HeaderDeadline(Duration limit) {
    this.limit = limit;
  }

  /** {@code handler} behind the deadline; materialized once per connection, as the server does with a flow. */
  static Flow<HttpRequest, HttpResponse, ?> around(Duration limit, Flow<HttpRequest, HttpResponse, ?> handler) {
    return BidiFlow.fromGraph(new HeaderDeadline(limit)).join(handler);
  }

  @Override
  public BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private AsyncCallback<Done> responseSent;
      /** Requests handed to the route and not answered yet: nothing is timed while there are any. */
      private int unanswered;

      @Override
      public void preStart() {
        // A client that pipelines may have its next request in before a streamed response ends.
        responseSent = createAsyncCallback(done -> {
          if (unanswered == 0) scheduleOnce(TIMER, limit);
        });
        scheduleOnce(TIMER, limit);
      }

      {
        setHandler(fromClient, new AbstractInHandler() {
          @Override
          public void onPush() {
            cancelTimer(TIMER);
            unanswered++;
            push(toRoute, grab(fromClient));
          }

          @Override
          public void onUpstreamFinish() {
            complete(toRoute);
          }
        });
        setHandler(toRoute, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(fromClient);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromClient, cause);
          }
        });
        setHandler(fromRoute, new AbstractInHandler() {
          @Override
          public void onPush() {
            unanswered--;
            push(toClient, timedFromItsEnd(grab(fromRoute)));
          }

          @Override
          public void onUpstreamFinish() {
            complete(toClient);
          }
        });
        setHandler(toClient, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(fromRoute);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromRoute, cause);
          }
        });
      }

      /** The wait for the next request starts once this response has gone out whole. */
      private HttpResponse timedFromItsEnd(HttpResponse response) {
        if (response.entity().isStrict()) {
          if (unanswered == 0) scheduleOnce(TIMER, limit);
          return response;
        }
        Flow<ByteString, ByteString, Object> watched = Flow.<ByteString>create().watchTermination((mat, done) -> {
          done.whenComplete((d, e) -> responseSent.invoke(Done.getInstance()));
          return (Object) mat;
        });
        // The Java model's entities are the Scala ones, which can transform their bytes and keep their kind and length.
        return response.withEntity(((akka.http.scaladsl.model.ResponseEntity) response.entity()).transformDataBytes(watched.asScala()));
      }

      @Override
      public void onTimer(Object key) {
        completeStage(); // the server closes the connection once its handler is done
      }
    };
  }
}
