package chaupal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a flow: what to ask, which inputs it takes, how to check them, where to go next. Its
 * answer is kept under {@code key} (so keys are placeholder names: lower case, digits, _).
 *
 * <p>A stage that takes no input of its own (the menu, the language buttons) is answered by the
 * engine's rules alone; anything else a citizen sends there gets a helpful line and the menu. A
 * stage that takes inputs re-asks with {@code reaskKey} what it cannot take or what fails its check.
 *
 * <p>Two optional parts make a stage fit what is already known: {@code skip} answers it without
 * asking (the ULB from a location shared earlier, a name remembered from an earlier case), and
 * {@code reader} reads inputs a plain stage cannot (free text matched to a category, a location
 * turned into a ULB, several answers from one input).
 */
record Stage(
    String key, Prompt prompt, Set<InputKind> accepts, Check check, String reaskKey, Next next, Skip skip, Reader reader) {

  /** Answers a stage without asking: the answers to keep, or empty when the stage must ask. */
  @FunctionalInterface
  interface Skip {
    Optional<Map<String, String>> known(Draft draft);
  }

  /** Reads one input at this stage; {@code choicePrefix} starts the ids of this stage's own buttons. */
  @FunctionalInterface
  interface Reader {
    Reading read(Draft draft, Input input, String choicePrefix);
  }

  /** What a {@link Reader} made of an input. */
  sealed interface Reading {

    /** Ask this stage again under its re-ask text, nothing changed. */
    Reading AGAIN = new Again(null, Map.of(), Set.of());

    /** The stage's answer {@code value}, plus other answers it gave ({@code set}) and ones it voids. */
    record Took(String value, Map<String, String> set, Set<String> forget) implements Reading {
      public Took {
        set = Map.copyOf(set);
        forget = Set.copyOf(forget);
      }

      Took(String value) {
        this(value, Map.of(), Set.of());
      }
    }

    /** Ask this stage again under {@code lead} (the re-ask text when null), with these answers changed. */
    record Again(String lead, Map<String, String> set, Set<String> forget) implements Reading {
      public Again {
        set = Map.copyOf(set);
        forget = Set.copyOf(forget);
      }
    }
  }

  /** The kinds of input a stage can take. */
  enum InputKind {
    TEXT, CHOICE, LOCATION, MEDIA;

    /** The kind of an input, or null for one no stage takes (stickers, reactions ...). */
    static InputKind of(Input input) {
      if (input instanceof Input.Text) return TEXT;
      if (input instanceof Input.Choice) return CHOICE;
      if (input instanceof Input.Location) return LOCATION;
      if (input instanceof Input.Media) return MEDIA;
      return null;
    }
  }

  /** Whether an answer will do; a stage re-asks when it does not. */
  @FunctionalInterface
  interface Check {
    Check ANY = value -> true;

    boolean fits(String value);

    /** Typed text of at least {@code characters} characters with a letter or digit (a description, not "ok" or emoji). */
    static Check atLeast(int characters) {
      return value -> value.codePointCount(0, value.length()) >= characters && TypedText.readable(value);
    }
  }

  Stage {
    accepts = Set.copyOf(accepts);
    if (skip == null) skip = draft -> Optional.empty();
    if (!accepts.isEmpty() && (check == null || reaskKey == null || next == null)) {
      throw new IllegalArgumentException("stage " + key + " takes input, so it needs a check, a re-ask text and a next");
    }
    if (accepts.contains(InputKind.CHOICE) != prompt.offersChoices()) {
      throw new IllegalArgumentException("stage " + key + " takes a choice exactly when its prompt offers buttons");
    }
  }

  /** A stage only the rules answer: the menu, the language buttons. */
  static Stage answeredByRules(String key, Prompt prompt) {
    return new Stage(key, prompt, Set.of(), null, null, null, null, null);
  }

  /** A question: its answer is checked, kept under {@code key}, and leads to {@code next}. */
  static Stage ask(String key, Prompt prompt, Set<InputKind> accepts, Check check, String reaskKey, Next next) {
    return new Stage(key, prompt, accepts, check, reaskKey, next, null, null);
  }

  /** This stage, answered without asking when {@code skip} knows the answer. */
  Stage skippedWhen(Skip skip) {
    return new Stage(key, prompt, accepts, check, reaskKey, next, skip, reader);
  }

  /** This stage, reading its inputs with {@code reader} instead of the plain reading. */
  Stage readBy(Reader reader) {
    return new Stage(key, prompt, accepts, check, reaskKey, next, skip, reader);
  }

  boolean takesInput() {
    return !accepts.isEmpty();
  }

  /**
   * The answer an input gives, or null when this stage cannot take it. A tap counts only on one of
   * this stage's own buttons ({@code choicePrefix} + value); a location is kept as "latitude,longitude".
   */
  String read(Input input, String choicePrefix) {
    InputKind kind = InputKind.of(input);
    if (kind == null || !accepts.contains(kind)) return null;
    if (input instanceof Input.Text text) {
      String body = text.body() == null ? "" : text.body().strip();
      return body.isEmpty() ? null : body;
    }
    if (input instanceof Input.Choice choice) {
      String id = choice.id();
      if (id == null || !id.startsWith(choicePrefix)) return null;
      String value = id.substring(choicePrefix.length());
      return prompt.offers(value) ? value : null;
    }
    if (input instanceof Input.Location location) return location.latitude() + "," + location.longitude();
    return ((Input.Media) input).mediaId();
  }

  List<String> textKeys() {
    List<String> keys = new ArrayList<>(prompt.textKeys());
    if (reaskKey != null) keys.add(reaskKey);
    if (next != null) keys.addAll(next.textKeys());
    return keys;
  }
}
