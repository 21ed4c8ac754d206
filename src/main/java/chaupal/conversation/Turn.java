package chaupal.conversation;

import java.util.List;

/**
 * The result of one input: the state to keep, the replies to send, in order (never none), and the
 * actions the turn decided (usually none).
 */
public record Turn(ConversationState next, List<Reply> replies, List<Action> actions) {

  public Turn {
    replies = List.copyOf(replies);
    actions = actions == null ? List.of() : List.copyOf(actions);
    if (next == null) throw new IllegalArgumentException("a turn needs a next state");
    if (replies.isEmpty()) throw new IllegalArgumentException("a turn always answers the citizen");
  }

  public Turn(ConversationState next, List<Reply> replies) {
    this(next, replies, List.of());
  }

  /**
   * The filing of this turn that has no case number yet: the citizen's entity reserves one under
   * the prefix of its tenant and ULB and asks the engine again with it (the replies of this turn
   * are not sent). Empty when the turn files nothing, or files with a number.
   */
  public java.util.Optional<Action.FileCase> needsCaseNumber() {
    return actions.stream()
        .filter(a -> a instanceof Action.FileCase f && f.caseNumber() == null && f.tenant() != null)
        .map(a -> (Action.FileCase) a)
        .findFirst();
  }
}
