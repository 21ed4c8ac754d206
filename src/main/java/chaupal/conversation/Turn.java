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
}
