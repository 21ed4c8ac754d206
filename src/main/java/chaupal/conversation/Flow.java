package chaupal.conversation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A conversation as data: its stages, the first being where the flow starts. The one engine
 * interprets every flow, so a new one adds a flow and its catalog texts, not engine code. Checked
 * when built (at start-up): unique stage keys, every "next" names a stage of this flow, every
 * button has its branch. {@code remembers} are the answers kept on the channel once the flow
 * finishes (the citizen's name), so that no flow asks for them again.
 */
record Flow(String id, List<Stage> stages, Set<String> remembers) {

  Flow(String id, List<Stage> stages) {
    this(id, stages, Set.of());
  }

  Flow {
    stages = List.copyOf(stages);
    remembers = Set.copyOf(remembers);
    if (stages.isEmpty()) throw new IllegalArgumentException("flow " + id + " has no stages");
    Set<String> keys = new HashSet<>();
    for (Stage stage : stages) {
      if (!keys.add(stage.key())) throw new IllegalArgumentException("flow " + id + " has stage " + stage.key() + " twice");
    }
    for (Stage stage : stages) {
      if (stage.next() != null) checkNext(stage, stage.next(), keys);
    }
  }

  private void checkNext(Stage stage, Next next, Set<String> keys) {
    String target = next instanceof Next.To to ? to.stage() : next instanceof Next.Redo redo ? redo.stage() : null;
    if (target != null && !keys.contains(target)) {
      throw new IllegalArgumentException("flow " + id + " stage " + stage.key() + " leads to unknown stage " + target);
    }
    if (next instanceof Next.ByAnswer byAnswer) {
      for (String value : stage.prompt().choices()) {
        if (!byAnswer.branches().containsKey(value)) {
          throw new IllegalArgumentException("flow " + id + " stage " + stage.key() + " has no branch for " + value);
        }
      }
      byAnswer.branches().values().forEach(branch -> checkNext(stage, branch, keys));
    }
  }

  Stage first() {
    return stages.get(0);
  }

  /** The stage of this key, or null (a stage a newer release added). */
  Stage stage(String key) {
    for (Stage stage : stages) {
      if (stage.key().equals(key)) return stage;
    }
    return null;
  }

  /** What a tap on one of {@code stage}'s buttons carries before its value, so an old button is not taken for a new one. */
  String choicePrefix(Stage stage) {
    return id + "." + stage.key() + ":";
  }

  List<String> textKeys() {
    List<String> keys = new ArrayList<>();
    stages.forEach(stage -> keys.addAll(stage.textKeys()));
    return keys;
  }
}
