package chaupal.simulator.graph;

import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Counters;
import chaupal.simulator.SimulatorSettings;
import chaupal.simulator.Wamids;
import chaupal.simulator.phone.Conversation;
import chaupal.simulator.phone.Conversations;
import chaupal.simulator.webhooks.StatusReporter;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.UserIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Graph API calls the simulator answers, free of HTTP plumbing: {@code POST /{phone}/messages}
 * (sends and mark-as-read), media upload, retrieval and deletion. Checks run in Meta's order: token,
 * object, body, the template (132001, 132000), then throughput (130429), the pair limit (131056) and the 24-hour window (131047).
 */
public final class GraphApi {

  /** What to answer: an HTTP status and a JSON body in Meta's encoding. */
  record Answer(int status, byte[] body) {
    static Answer ok(JsonNode json) {
      return new Answer(200, MetaJson.write(json));
    }

    static Answer error(GraphError error) {
      return new Answer(error.httpStatus(), error.body());
    }
  }

  /** Upload limits per type (reference §6). */
  private static final Map<String, Long> UPLOAD_LIMITS = Map.ofEntries(
      Map.entry("image/jpeg", 5L << 20), Map.entry("image/png", 5L << 20), Map.entry("image/webp", 500L << 10),
      Map.entry("audio/aac", 16L << 20), Map.entry("audio/amr", 16L << 20), Map.entry("audio/mpeg", 16L << 20),
      Map.entry("audio/mp4", 16L << 20), Map.entry("audio/ogg", 16L << 20), Map.entry("video/mp4", 16L << 20),
      Map.entry("video/3gpp", 16L << 20), Map.entry("text/plain", 100L << 20), Map.entry("application/pdf", 100L << 20),
      Map.entry("application/msword", 100L << 20),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 100L << 20),
      Map.entry("application/vnd.ms-excel", 100L << 20),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100L << 20),
      Map.entry("application/vnd.ms-powerpoint", 100L << 20),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", 100L << 20));

  private static final Pattern NUMBER_PUNCTUATION = Pattern.compile("[\\s()\\-.+]");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{6,15}");

  private final SimulatorSettings settings;
  private final Clock clock;
  private final Map<String, BusinessNumber> numbers = new LinkedHashMap<>();
  private final Map<String, TokenBucket> throughput = new LinkedHashMap<>();
  private final byte[] accessToken;
  private final Conversations conversations;
  private final MediaStore media;
  private final FailurePlan failures;
  private final Counters counters;
  private final StatusReporter statuses;
  private final Wamids wamids;

  public GraphApi(SimulatorSettings settings, Clock clock, Conversations conversations, MediaStore media,
           FailurePlan failures, Counters counters, StatusReporter statuses, Wamids wamids) {
    this.settings = settings;
    this.clock = clock;
    this.conversations = conversations;
    this.media = media;
    this.failures = failures;
    this.counters = counters;
    this.statuses = statuses;
    this.wamids = wamids;
    this.accessToken = settings.accessToken().getBytes(StandardCharsets.UTF_8);
    for (BusinessNumber n : settings.numbers()) {
      int mps = settings.messagesPerSecond(n);
      numbers.put(n.phoneNumberId(), n);
      throughput.put(n.phoneNumberId(), new TokenBucket(mps, mps, clock.millis()));
    }
  }

  public Optional<BusinessNumber> number(String phoneNumberId) {
    return Optional.ofNullable(numbers.get(phoneNumberId));
  }

  /** Empty when the header is {@code Bearer <the access token>}; otherwise the 190 error to answer. */
  Optional<GraphError> authorize(Optional<String> authorization) {
    String header = authorization.orElse("").trim();
    boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
    byte[] given = bearer ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (bearer && MessageDigest.isEqual(given, accessToken)) return Optional.empty();
    return Optional.of(GraphError.invalidToken(bearer));
  }

  /** {@code POST /{version}/{phoneNumberId}/messages}. */
  Answer messages(String version, String phoneNumberId, Optional<String> authorization, byte[] requestBody) {
    Optional<GraphError> denied = authorize(authorization);
    if (denied.isPresent()) return reject(denied.get());
    BusinessNumber number = numbers.get(phoneNumberId);
    if (number == null) return reject(GraphError.unknownObject(phoneNumberId, "post"));
    JsonNode body;
    try {
      body = MetaJson.READER.readTree(requestBody);
    } catch (IOException e) {
      return reject(GraphError.invalidParameter("The request body is not valid JSON."));
    }
    if (body != null && body.isObject() && body.has("status")) return markRead(number, body);
    SendCall request;
    try {
      request = SendCall.parse(body, media::contains);
    } catch (SendCall.Invalid e) {
      return reject(GraphError.invalidParameter(e.getMessage()));
    }
    Optional<GraphError> refusedTemplate = request.templateRefusal(number);
    if (refusedTemplate.isPresent()) return reject(refusedTemplate.get());
    String waId;
    if (request.to() != null) {
      Optional<String> phone = waId(request.to(), number);
      if (phone.isEmpty()) {
        return reject(GraphError.invalidParameter("Param to must be a phone number in international format, e.g. +919800000001."));
      }
      waId = phone.get();
    } else if (UserIds.isBusinessScoped(request.recipient())) {
      waId = request.recipient();
    } else {
      return reject(GraphError.invalidParameter(
          "Param recipient must be a business-scoped user id as the webhook gave it, e.g. IN.13491208655302741918."));
    }
    Optional<GraphError> injected = failures.next(waId);
    if (injected.isPresent()) return reject(injected.get());
    long now = clock.millis();
    if (!throughput.get(phoneNumberId).tryTake(now)) {
      return reject(GraphError.of(130429, "Cloud API message throughput has been reached."));
    }
    Conversation conversation = conversations.get(phoneNumberId, waId, now);
    if (!conversation.takePairToken(now)) return reject(GraphError.of(131056, ""));
    GraphError doomed = null;
    if (failures.isUndeliverable(waId)) {
      doomed = GraphError.of(131026, "Message Undeliverable.");
    } else if (settings.enforceServiceWindow() && !request.isTemplate() && !conversation.windowOpen(now)) {
      boolean sync = settings.tuning().windowFailure() == SimulatorSettings.WindowFailure.SYNC || !settings.statusWebhooks();
      if (sync) return reject(GraphError.of(131047, ""));
      doomed = GraphError.of(131047, "");
    }
    String wamid = wamids.outbound(waId);
    Conversation.Entry entry = new Conversation.Entry(wamid, false, request.type(), body, now, majorVersion(version), doomed);
    conversations.add(conversation, entry);
    counters.accepted();
    statuses.start(number, conversation, entry);
    ObjectNode ok = JsonNodeFactory.instance.objectNode();
    ok.put("messaging_product", "whatsapp");
    ObjectNode contact = ok.putArray("contacts").addObject();
    if (request.to() == null) contact.put("input", request.recipient()).put("user_id", waId);
    else contact.put("input", request.to()).put("wa_id", waId);
    ok.putArray("messages").addObject().put("id", wamid);
    return Answer.ok(ok);
  }

  /** Mark-as-read (and the typing indicator that rides on it): {@code {"status":"read","message_id":…}}. */
  private Answer markRead(BusinessNumber number, JsonNode body) {
    if (!"whatsapp".equals(body.path("messaging_product").asText())) {
      return reject(GraphError.invalidParameter("The parameter messaging_product is required."));
    }
    if (!"read".equals(body.path("status").asText())) {
      return reject(GraphError.invalidParameter("Param status must be read."));
    }
    String wamid = body.path("message_id").asText("");
    Optional<Conversation> conversation = Wamids.waIdOf(wamid).flatMap(w -> conversations.find(number.phoneNumberId(), w));
    if (conversation.isEmpty() || !conversation.get().markCitizenRead(wamid)) {
      return reject(GraphError.invalidParameter("Param message_id is not a message this business received: " + wamid));
    }
    if (body.has("typing_indicator")) conversation.get().typing(clock.millis());
    return Answer.ok(JsonNodeFactory.instance.objectNode().put("success", true));
  }

  /** {@code POST /{version}/{phoneNumberId}/media}: the form's {@code file} part, its type, and {@code messaging_product}. */
  Answer upload(String phoneNumberId, Optional<String> authorization, Map<String, String> fields, String mimeType,
                String filename, byte[] content) {
    Optional<GraphError> denied = authorize(authorization);
    if (denied.isPresent()) return reject(denied.get());
    if (!numbers.containsKey(phoneNumberId)) return reject(GraphError.unknownObject(phoneNumberId, "post"));
    if (!"whatsapp".equals(fields.get("messaging_product"))) {
      return reject(GraphError.invalidParameter("The parameter messaging_product is required."));
    }
    if (content == null) return reject(GraphError.invalidParameter("The parameter file is required."));
    String type = fields.getOrDefault("type", mimeType == null ? "" : mimeType).split(";")[0].trim();
    Long limit = UPLOAD_LIMITS.get(type);
    if (limit == null) return reject(GraphError.of(131053, "Unsupported file type " + type + "."));
    if (content.length > limit) return reject(GraphError.of(131053, "File of " + content.length + " bytes exceeds " + limit + " for " + type + "."));
    Optional<MediaStore.Media> stored = media.put(phoneNumberId, type, filename, content);
    if (stored.isEmpty()) return reject(GraphError.of(131053, "The simulator keeps at most " + settings.tuning().mediaBytes() + " bytes of media."));
    return Answer.ok(JsonNodeFactory.instance.objectNode().put("id", stored.get().id()));
  }

  /** {@code GET /{version}/{id}}: a media id gives its download URL (reference §6), a phone number id its profile. */
  Answer get(String id, Optional<String> authorization, Optional<String> phoneNumberIdParam) {
    Optional<GraphError> denied = authorize(authorization);
    if (denied.isPresent()) return reject(denied.get());
    BusinessNumber number = numbers.get(id);
    if (number != null) {
      ObjectNode profile = JsonNodeFactory.instance.objectNode();
      profile.put("verified_name", number.name()).put("display_phone_number", number.displayNumber())
          .put("quality_rating", "GREEN").put("id", number.phoneNumberId());
      profile.putObject("throughput").put("level", settings.messagesPerSecond(number) > 80 ? "HIGH" : "STANDARD");
      return Answer.ok(profile);
    }
    Optional<MediaStore.Media> found = media.get(id);
    if (found.isEmpty()) return reject(GraphError.unknownObject(id, "get"));
    MediaStore.Media m = found.get();
    if (phoneNumberIdParam.isPresent() && !phoneNumberIdParam.get().equals(m.ownerPhoneNumberId())) {
      return reject(GraphError.invalidParameter("Param phone_number_id does not match the number this media belongs to."));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("url", media.downloadUrl(mediaBaseUrl(), m.id(), clock.millis() / 1000))
        .put("mime_type", m.mimeType()).put("sha256", m.sha256Hex()).put("file_size", m.size())
        .put("id", m.id()).put("messaging_product", "whatsapp");
    return Answer.ok(out);
  }

  /** {@code DELETE /{version}/{media_id}}. */
  Answer delete(String id, Optional<String> authorization) {
    Optional<GraphError> denied = authorize(authorization);
    if (denied.isPresent()) return reject(denied.get());
    if (!media.delete(id)) return reject(GraphError.unknownObject(id, "delete"));
    return Answer.ok(JsonNodeFactory.instance.objectNode().put("success", true));
  }

  /** Whether a test asked this download of a media to fail (500, as Meta's lookaside host sometimes answers). */
  boolean mediaDownloadFails(String mediaId) {
    return failures.mediaDownloadFails(mediaId);
  }

  /** Where download URLs point: the tuning's base, else the webhook URL's scheme, host and port. */
  public String mediaBaseUrl() {
    String configured = settings.tuning().mediaBaseUrl();
    if (configured != null && !configured.isBlank()) return configured.replaceAll("/+$", "");
    java.net.URI uri = java.net.URI.create(settings.webhookUrl());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** The citizen's WhatsApp id for a {@code to}: digits only; a number without {@code +} of at most 10 digits is national. */
  static Optional<String> waId(String to, BusinessNumber number) {
    String trimmed = to.trim();
    String digits = NUMBER_PUNCTUATION.matcher(trimmed).replaceAll("");
    if (!DIGITS.matcher(digits).matches() || trimmed.indexOf('+') > 0) return Optional.empty();
    if (!trimmed.startsWith("+") && digits.length() <= 10) digits = number.countryCode() + digits;
    return digits.length() > 15 ? Optional.empty() : Optional.of(digits);
  }

  static int majorVersion(String version) {
    try {
      return Integer.parseInt(version.substring(1).split("\\.")[0]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private Answer reject(GraphError error) {
    counters.rejected(error.code());
    return Answer.error(error);
  }
}
