package chaupal.conversation;

import java.util.List;

/** The result of one input: the state to keep and the replies to send, in order (never none). */
public record Turn(ConversationState next, List<Reply> replies) {

  public Turn {
    replies = List.copyOf(replies);
    if (next == null) throw new IllegalArgumentException("a turn needs a next state");
    if (replies.isEmpty()) throw new IllegalArgumentException("a turn always answers the citizen");
  }
}
