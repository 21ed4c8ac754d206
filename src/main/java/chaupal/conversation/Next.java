package chaupal.conversation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Where a stage leads once it has its answer. */
sealed interface Next {

  /** The next stage, with no lead text of its own, or where this branch ends. */
  Next after(String answer);

  List<String> textKeys();

  /** On to another stage of the same flow. */
  record To(String stage) implements Next {
    public Next after(String answer) {
      return this;
    }

    public List<String> textKeys() {
      return List.of();
    }
  }

  /** A branch by the answer (a button); every button the stage offers has its branch. */
  record ByAnswer(Map<String, Next> branches) implements Next {
    public ByAnswer {
      branches = Map.copyOf(branches);
    }

    public Next after(String answer) {
      return branches.get(answer).after(answer);
    }

    public List<String> textKeys() {
      return branches.values().stream().flatMap(next -> next.textKeys().stream()).toList();
    }
  }

  /**
   * The flow is done: back to the menu under {@code doneKey} (the answers fill its placeholders),
   * with the action the answers make, if any.
   */
  record Finish(String doneKey, Function<Map<String, String>, Action> action) implements Next {
    public Next after(String answer) {
      return this;
    }

    public List<String> textKeys() {
      return List.of(doneKey);
    }
  }
}
