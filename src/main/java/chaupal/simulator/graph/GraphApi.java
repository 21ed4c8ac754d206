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
import java.util.List;
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
  /** Every business account's templates by {@code waba name language}, changed by the control endpoint. */
  private final Map<String, BusinessNumber.Template> templates = new java.util.concurrent.ConcurrentSkipListMap<>();

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
      for (BusinessNumber.Template t : n.templates()) templates.putIfAbsent(key(n.waba(settings), t.name(), t.languageCode()), t);
      for (BusinessNumber.Template t : MARKETING) templates.putIfAbsent(key(n.waba(settings), t.name(), t.languageCode()), t);
    }
  }

  /** The marketing templates of simulator/templates.conf, which every simulated business account has. */
  private static final List<BusinessNumber.Template> MARKETING = com.typesafe.config.ConfigFactory
      .parseResources("chaupal/simulator/templates.conf").getConfigList("marketing").stream()
      .map(c -> new BusinessNumber.Template(c.getString("name"), c.getString("language"),
          chaupal.whatsapp.MessageTemplate.placeholders(c.getString("body")), "APPROVED", "MARKETING", "GREEN", c.getString("body"),
          c.hasPath("header") ? c.getString("header") : null))
      .toList();

  private static String key(String waba, String name, String language) {
    return waba + " " + name + " " + language;
  }

  /** {@code GET /{version}/{waba-id}/message_templates}: the account's templates in name order, paged by an offset cursor. */
  Answer templateList(String wabaId, Optional<String> authorization, int limit, Optional<String> after) {
    Optional<GraphError> denied = authorize(authorization);
    if (denied.isPresent()) return reject(denied.get());
    List<BusinessNumber.Template> all = templates.entrySet().stream().filter(e -> e.getKey().startsWith(wabaId + " "))
        .map(Map.Entry::getValue).toList();
    if (all.isEmpty()) return reject(GraphError.unknownObject(wabaId, "get"));
    int from = after.map(a -> a.matches("[0-9]{1,6}") ? Integer.parseInt(a) : 0).orElse(0);
    int size = Math.max(1, Math.min(limit, 1000));
    int to = Math.min(all.size(), from + size);
    com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    com.fasterxml.jackson.databind.node.ArrayNode data = out.putArray("data");
    for (BusinessNumber.Template t : all.subList(Math.min(from, to), to)) {
      com.fasterxml.jackson.databind.node.ObjectNode o = data.addObject().put("name", t.name()).put("language", t.languageCode())
          .put("status", t.status()).put("category", t.category()).put("id", Long.toString(Math.abs((long) key(wabaId, t.name(), t.languageCode()).hashCode())));
      o.putObject("quality_score").put("score", t.quality());
      com.fasterxml.jackson.databind.node.ArrayNode components = o.putArray("components");
      if (t.headerFormat() != null) components.addObject().put("type", "HEADER").put("format", t.headerFormat());
      components.addObject().put("type", "BODY").put("text", t.bodyText());
    }
    com.fasterxml.jackson.databind.node.ObjectNode paging = out.putObject("paging");
    paging.putObject("cursors").put("before", Integer.toString(from)).put("after", Integer.toString(to));
    if (to < all.size()) paging.put("next", "/" + wabaId + "/message_templates?limit=" + size + "&after=" + to);
    return Answer.ok(out);
  }

  /** Changes a template (a null field stays); the template as it was, empty when the account has no such template. */
  public Optional<BusinessNumber.Template> changeTemplate(String wabaId, String name, String language, String status, String category,
      String quality) {
    BusinessNumber.Template[] before = new BusinessNumber.Template[1];
    templates.computeIfPresent(key(wabaId, name, language), (k, t) -> {
      before[0] = t;
      return t.with(status, category, quality);
    });
    return Optional.ofNullable(before[0]);
  }

  private Optional<BusinessNumber.Template> accountTemplate(BusinessNumber number, SendCall request) {
    if (!request.isTemplate()) return Optional.empty();
    return Optional.ofNullable(templates.get(key(number.waba(settings), request.templateName(), request.templateLanguage())));
  }

  /** Meta's answer to a send of a template that is not approved: 132015 paused, 132016 disabled, 132001 otherwise. */
  private Optional<GraphError> notApproved(BusinessNumber number, SendCall request) {
    if (!request.isTemplate()) return Optional.empty();
    BusinessNumber.Template t = accountTemplate(number, request).orElse(null);
    if (t == null) return Optional.empty();
    int code = chaupal.whatsapp.ErrorCodes.templateRefusal(t.status());
    if (code == 0) return Optional.empty();
    return Optional.of(GraphError.of(code, "template name (" + t.name() + ") is " + t.status() + " in " + t.languageCode()));
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

  /** How long a send arriving now is held before its 504 (an outage that holds sends), zero when none is. */
  long holdMillis() {
    return failures.holdMillis(clock.millis());
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
    Optional<GraphError> refusedTemplate = request.templateRefusal(number, accountTemplate(number, request)).or(() -> notApproved(number, request));
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
    long now = clock.millis();
    Optional<GraphError> injected = failures.outageError(now).or(() -> failures.next(waId));
    if (injected.isPresent()) return reject(injected.get());
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
