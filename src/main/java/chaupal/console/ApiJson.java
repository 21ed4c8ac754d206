package chaupal.console;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.stream.Materializer;
import akka.util.ByteString;
import chaupal.cases.CaseDesk;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON in and out of {@code /api/v1}: snake_case fields, enums written as the directory writes them
 * ({@code in-progress}, {@code ulb-admin}), unknown fields refused by name, and every failure as the
 * one error shape {@code {"error": {"status", "code", "message", "field"}}}.
 */
final class ApiJson {

  private static final Logger log = LoggerFactory.getLogger(ApiJson.class);

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new ParameterNamesModule())
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule().addSerializer(Enum.class, new EnumKeySerializer()))
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private ApiJson() {}

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an API answer did not serialize", e);
    }
  }

  /** What a failure is to the caller; anything unexpected is logged here, once, and answered 500. */
  static ApiProblem problem(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof ApiProblem p) return p;
    if (t instanceof CaseDesk.Refused r) return ApiProblem.of(r);
    log.error("officials' API request failed", t);
    return ApiProblem.internal();
  }

  static HttpResponse error(Throwable failure) {
    return error(problem(failure));
  }

  static HttpResponse error(ApiProblem p) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", p.status().intValue());
    error.put("code", p.code());
    error.put("message", p.getMessage());
    error.put("field", p.field());
    HttpResponse response = response(p.status(), Map.of("error", error));
    if (p.retryAfterSeconds() > 0) response = response.addHeader(RetryAfter.create(p.retryAfterSeconds()));
    if (p.status().intValue() == 401) response = response.addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "chaupal")));
    return response;
  }

  /**
   * The request body as {@code type}: 415 unless it is JSON, 413 above {@code maxBytes}, 400 naming
   * the field when it does not fit. An empty body reads as {@code {}} (acts whose fields are all optional).
   */
  static <T> CompletionStage<T> body(HttpEntity entity, Class<T> type, long maxBytes, Materializer materializer) {
    boolean empty = entity.isKnownEmpty() || entity.getContentLengthOption().orElse(-1) == 0;
    if (!empty && !entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      entity.discardBytes(materializer);
      return CompletableFuture.failedFuture(ApiProblem.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, 
          "the body must be JSON (Content-Type: application/json), not " + entity.getContentType().mediaType()));
    }
    return entity.withSizeLimit(maxBytes).toStrict(10_000, materializer)
        .exceptionally(e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof akka.http.scaladsl.model.EntityStreamSizeException) {
            throw ApiProblem.of(StatusCodes.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
          }
          throw new CompletionException(cause);
        })
        .thenApply(strict -> parse(strict.getData(), type));
  }

  private static <T> T parse(ByteString data, Class<T> type) {
    byte[] bytes = data.isEmpty() ? "{}".getBytes() : data.toArray();
    try {
      T value = MAPPER.readValue(bytes, type);
      if (value == null) throw ApiProblem.invalid(null, "the body must be a JSON object");
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.invalid(e.getPropertyName(), "unknown field \"" + e.getPropertyName() + "\"; expected "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
    } catch (MismatchedInputException e) {
      String field = field(e);
      throw ApiProblem.invalid(field, field == null ? "the body must be a JSON object"
          : "field \"" + field + "\" has the wrong type: " + e.getOriginalMessage().split("\n")[0]);
    } catch (JsonMappingException e) {
      String field = field(e);
      throw ApiProblem.invalid(field, field == null ? "the body does not fit: " + e.getOriginalMessage()
          : "field \"" + field + "\" is not valid: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiProblem.invalid(null, "the body is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
  }

  /** The path of the failing field, as the caller wrote it: {@code scope.ulbs}. */
  private static String field(JsonMappingException e) {
    String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return path.isEmpty() ? null : path;
  }

  /** A field the caller must send. */
  static String required(String value, String field) {
    if (value == null || value.isBlank()) throw ApiProblem.invalid(field, "field \"" + field + "\" is required");
    return value;
  }

  /** Enum constants as the API and the directory's files write them: {@code IN_PROGRESS} is {@code in-progress}. */
  @SuppressWarnings("rawtypes")
  private static final class EnumKeySerializer extends StdSerializer<Enum> {
    EnumKeySerializer() {
      super(Enum.class);
    }

    @Override
    public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
  }
}
