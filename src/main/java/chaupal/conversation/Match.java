package chaupal.conversation;

import java.util.List;

/** What free text was matched to: one target to confirm, the best few to choose from, or nothing. */
sealed interface Match {

  Match NONE = new None();

  record Confident(String id) implements Match {}

  /** The best first, at most {@link PhraseIndex#BEST_FEW}. */
  record Unsure(List<String> ids) implements Match {
    public Unsure {
      ids = List.copyOf(ids);
    }
  }

  record None() implements Match {}
}
