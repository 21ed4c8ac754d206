package chaupal.conversation;

import java.util.List;

/** What a rule or a stage decided: where the citizen goes, the message that shows it, what should happen. */
record Answer(ConversationState next, Reply reply, List<Action> actions) {

  Answer(ConversationState next, Reply reply) {
    this(next, reply, List.of());
  }
}
