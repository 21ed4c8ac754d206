package chaupal.simulator;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import chaupal.whatsapp.MetaJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.function.Function;

/**
 * Small JSON endpoints of the control API and the phone page: a JSON object in (declared
 * application/json, else 415), JSON out, 400 on bad input.
 */
public final class JsonReplies {

  private static final long MAX_JSON = 64 * 1024;

  private JsonReplies() {}

  public static Route json(Function<JsonNode, Route> handler) {
    return SameOrigin.jsonBody(() -> withSizeLimit(MAX_JSON, () -> entity(Unmarshaller.entityToByteArray(), bytes -> {
      try {
        JsonNode body = MetaJson.READER.readTree(bytes);
        if (body == null || !body.isObject()) return badRequest("the body must be a JSON object");
        return handler.apply(body);
      } catch (IOException | IllegalArgumentException e) {
        return badRequest(e.getMessage());
      }
    })));
  }

  public static Route ok(JsonNode json) {
    return complete(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, write(json)));
  }

  public static Route badRequest(String message) {
    return error(400, message);
  }

  public static Route error(int status, String message) {
    byte[] body = write(JsonNodeFactory.instance.objectNode().put("error", message));
    return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body));
  }

  public static byte[] write(JsonNode json) {
    try {
      return MetaJson.READER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
