package chaupal.conversation;

/** What a step of a flow decided: the stage the citizen moves to and the message that shows it. */
record Answer(String stage, Reply reply) {}
