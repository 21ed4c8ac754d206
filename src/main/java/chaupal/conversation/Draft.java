package chaupal.conversation;

import java.util.Map;

/**
 * What a flow knows at this turn: how the bot speaks (channel, tenant, language), the answers
 * collected so far over what the citizen told once and is remembered, and the circumstances the
 * citizen's entity gave (the time, their cases).
 */
record Draft(Voice voice, Map<String, String> answers, Circumstances circumstances) {

  Draft {
    answers = Map.copyOf(answers);
  }

  String get(String key) {
    return answers.get(key);
  }

  boolean has(String key) {
    return answers.containsKey(key);
  }
}
