package chaupal.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * Something a turn decided should happen beyond its replies. The citizen's entity records the
 * actions in the same event as the message that led to them, so they are facts in the citizen's
 * line that other parts (cases, subscriptions) act on. Type names are stable: actions are read
 * from the journal forever; fields are only ever added.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Action.FileCase.class, name = "file-case"),
  @JsonSubTypes.Type(value = Action.ReopenCase.class, name = "reopen-case"),
  @JsonSubTypes.Type(value = Action.RateCase.class, name = "rate-case"),
  @JsonSubTypes.Type(value = Action.AnswerCase.class, name = "answer-case"),
  @JsonSubTypes.Type(value = Action.Subscribe.class, name = "subscribe"),
  @JsonSubTypes.Type(value = Action.Unsubscribe.class, name = "unsubscribe")
})
public sealed interface Action {

  /**
   * File a case from what a flow collected. The engine fills what it understood; {@code
   * caseNumber} is null until the citizen's entity has reserved one (see {@link
   * Circumstances#caseNumber}), and the acknowledgement names it.
   *
   * @param flow the flow that collected the answers
   * @param answers the answers by stage key, as typed or tapped
   * @param kind complaint, or for Samvad 24x7 demand, problem or suggestion
   * @param ulb ULB code, or null for a tenant without ULBs
   * @param subType the category's sub-type code, or null
   * @param department the department the citizen chose, or null to route by category
   * @param attachments photos and voice notes, in the order sent
   */
  record FileCase(
      String flow,
      Map<String, String> answers,
      String caseNumber,
      String tenant,
      String ulb,
      String kind,
      String category,
      String subType,
      String department,
      String description,
      Double latitude,
      Double longitude,
      String address,
      String landmark,
      Integer ward,
      List<Attachment> attachments,
      String citizenName,
      String language)
      implements Action {
    public FileCase {
      answers = answers == null ? Map.of() : Map.copyOf(answers);
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Only what a flow collected (events written before grievances had only these). */
    public FileCase(String flow, Map<String, String> answers) {
      this(flow, answers, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public FileCase withNumber(String number) {
      return new FileCase(flow, answers, number, tenant, ulb, kind, category, subType, department, description,
          latitude, longitude, address, landmark, ward, attachments, citizenName, language);
    }
  }

  /** A photo, voice note or document the citizen sent, by its Cloud API media id. */
  record Attachment(String kind, String mediaId, String mimeType) {}

  /** The citizen says a resolved case is not resolved: reopen it (within the tenant's window). */
  record ReopenCase(String caseNumber, String reason) implements Action {}

  /** The citizen rates a resolution, 1 to 5: it closes the case. */
  record RateCase(String caseNumber, int stars) implements Action {}

  /** The citizen answered an official's question about a case ({@code Notice} step "asked"): it lands on the case. */
  record AnswerCase(String caseNumber, String text, List<Attachment> attachments) implements Action {
    public AnswerCase {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
  }

  /**
   * The citizen consented to a topic's messages on this channel, after one clear sentence of what
   * they will get and how to stop (the consent record: the event's time and channel, this topic and source).
   *
   * @param topic the tenant's topic id
   * @param source chat, missed-call or web-form
   * @param language the language the citizen reads, for the campaign's template variant
   * @param ulb the citizen's ULB when known (channel's own, or of their latest case), else null
   * @param ward the ward when known, else null
   */
  record Subscribe(String topic, String source, String language, String ulb, Integer ward) implements Action {}

  /**
   * A consent ends: one topic, or with {@code topic} null every marketing topic on this channel.
   *
   * @param reason stop-word, withdrawn (from the consents list), user-preferences (Meta's stop event),
   *     or meta-131050 (Meta refused a send: the citizen stopped marketing messages)
   */
  record Unsubscribe(String topic, String reason) implements Action {}
}
