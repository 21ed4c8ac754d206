package chaupal.conversation;

import java.util.List;

/**
 * What a rule or a stage decided: where the citizen goes, the message that shows it, what should
 * happen, and a message to send before it ({@code aside}: an emergency's numbers, a case's status
 * asked in the middle of a flow), or null.
 */
record Answer(ConversationState next, Reply reply, List<Action> actions, Reply aside) {

  Answer(ConversationState next, Reply reply, List<Action> actions) {
    this(next, reply, actions, null);
  }

  Answer(ConversationState next, Reply reply) {
    this(next, reply, List.of(), null);
  }

  Answer after(Reply first) {
    return new Answer(next, reply, actions, first);
  }
}
