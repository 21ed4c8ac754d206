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

  /** Back to an earlier stage, forgetting answers so that it and the ones after it are asked again (an edit). */
  record Redo(String stage, List<String> forget) implements Next {
    public Redo {
      forget = List.copyOf(forget);
    }

    public Next after(String answer) {
      return this;
    }

    public List<String> textKeys() {
      return List.of();
    }
  }

  /**
   * The flow files a case: back to the menu under {@code doneKey}, filled with what {@code filing}
   * says and the case number ({@code case_number}), with its {@link Action.FileCase}.
   */
  record Files(String doneKey, Filing filing) implements Next {
    public Next after(String answer) {
      return this;
    }

    public List<String> textKeys() {
      return List.of(doneKey);
    }
  }

  /** Makes the filing of a finished draft; pure, so the same draft gives the same filing. */
  @FunctionalInterface
  interface Filing {
    Filed file(Draft draft);
  }

  /** A filing without its number yet, and the placeholders of the acknowledgement besides the number. */
  record Filed(Action.FileCase action, Map<String, String> params) {
    public Filed {
      params = Map.copyOf(params);
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
