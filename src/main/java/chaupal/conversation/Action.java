package chaupal.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * Something a turn decided should happen beyond its replies. The citizen's entity records the
 * actions in the same event as the message that led to them, so they are facts in the citizen's
 * line that other parts (cases, subscriptions) act on. Type names are stable: actions are read
 * from the journal forever.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Action.FileCase.class, name = "file-case")})
public sealed interface Action {

  /**
   * File a case from what a flow collected; the case number comes back to the citizen later.
   *
   * @param flow the flow that collected the answers
   * @param answers the answers by stage key
   */
  record FileCase(String flow, Map<String, String> answers) implements Action {
    public FileCase {
      answers = answers == null ? Map.of() : Map.copyOf(answers);
    }
  }
}
