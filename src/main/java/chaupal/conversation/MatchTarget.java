package chaupal.conversation;

import java.util.List;

/** Something a message can be about (a complaint category, a town), with its words in any script. */
record MatchTarget(String id, List<String> phrases) {
  MatchTarget {
    phrases = List.copyOf(phrases);
  }
}
