package chaupal.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Where one citizen stands in the conversation on one channel. Plain data: it is persisted inside
 * events and snapshots, so fields are only ever added (with a default), never renamed or removed.
 * Flow and stage are names rather than enums so that a node that does not know a newer flow or
 * stage still reads the state (it treats an unknown one like the menu). Flow and answers are left
 * out of the serialized form at their defaults, so a citizen in the main flow is written exactly as
 * before flows existed and every event stays as small.
 *
 * @param stage where the citizen is in the flow: {@link #STAGE_NEW}, {@link #STAGE_LANGUAGE},
 *     {@link #STAGE_MENU}, {@link #STAGE_MEDIA_QUESTION} in the main flow, or a stage of another flow
 * @param language the chosen language, null until the citizen has chosen one
 * @param privacyNoticeGiven whether this channel has shown the citizen its privacy notice
 * @param flow the flow the stage belongs to; {@link #FLOW_MAIN} when absent (states written before flows)
 * @param answers what the flow has collected so far, by stage key (a draft grievance); empty when absent
 * @param remembered what the citizen told once and is not asked again on this channel (their name,
 *     their address); empty when absent, so states written before it serialize the same
 */
public record ConversationState(
    String stage,
    String language,
    boolean privacyNoticeGiven,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = InMainFlow.class) String flow,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> answers,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> remembered) {

  /** The flow of privacy notice, language choice and menu, which every other flow returns to. */
  public static final String FLOW_MAIN = "main";

  /** Never seen on this channel. */
  public static final String STAGE_NEW = "new";

  /** Shown the language buttons, waiting for a choice. */
  public static final String STAGE_LANGUAGE = "choosing-language";

  /** Shown the main menu. */
  public static final String STAGE_MENU = "menu";

  /**
   * Asked whether a photo or voice note sent at the menu without a caption is a problem to report;
   * the attachments wait in {@code answers} (a node that does not know this stage shows the menu).
   */
  public static final String STAGE_MEDIA_QUESTION = "media-question";

  /** A citizen never seen on this channel. */
  public static final ConversationState NEW = new ConversationState(STAGE_NEW, null, false);

  @JsonCreator
  public ConversationState {
    if (stage == null || stage.isBlank()) stage = STAGE_NEW;
    if (flow == null || flow.isBlank()) flow = FLOW_MAIN;
    answers = answers == null ? Map.of() : Map.copyOf(answers);
    remembered = remembered == null ? Map.of() : Map.copyOf(remembered);
  }

  /** A stage of a flow with what it collected, nothing remembered. */
  public ConversationState(String stage, String language, boolean privacyNoticeGiven, String flow, Map<String, String> answers) {
    this(stage, language, privacyNoticeGiven, flow, answers, Map.of());
  }

  /** A stage of the main flow, with nothing collected. */
  public ConversationState(String stage, String language, boolean privacyNoticeGiven) {
    this(stage, language, privacyNoticeGiven, FLOW_MAIN, Map.of(), Map.of());
  }

  /** The same, remembering one more thing (as if the citizen had told it). */
  public ConversationState remembering(String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(remembered);
    more.put(key, value);
    return new ConversationState(stage, language, privacyNoticeGiven, flow, answers, more);
  }

  /** Jackson's filter for {@code flow}: "equal" to the main flow means "leave it out". */
  static final class InMainFlow {
    @Override
    public boolean equals(Object value) {
      return FLOW_MAIN.equals(value);
    }

    @Override
    public int hashCode() {
      return FLOW_MAIN.hashCode();
    }
  }
}
