package chaupal.conversation;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the main menu: shown where {@code offered} holds for the channel and tenant, chosen by
 * tapping its row or typing one of its words, at any stage. Its texts live in the catalogs under
 * keys that follow from the id: {@code menu.<id>.title}, {@code menu.<id>.description} and
 * {@code match.<id>}.
 */
record MenuEntry(String id, Predicate<Voice> offered, Target target) {

  static final String OPTION_PREFIX = "menu:";

  /** What choosing the row does. */
  sealed interface Target {}

  /** Answers at once: the menu again, under this text. */
  record Says(Function<Voice, String> text) implements Target {}

  /** Starts a flow at a stage ({@code stage} null: its first). */
  record Opens(String flow, String stage) implements Target {}

  /** Starts the tenant's grievance flow (its shape depends on the tenant). */
  record Complains() implements Target {}

  /** Shows the citizen's open cases. */
  record Tracks() implements Target {}

  /** Shows the citizen's consents on this channel, each with a withdraw button. */
  record ListsConsents() implements Target {}

  static MenuEntry says(String id, Predicate<Voice> offered, Function<Voice, String> text) {
    return new MenuEntry(id, offered, new Says(text));
  }

  static MenuEntry opens(String id, Predicate<Voice> offered, String flow, String stage) {
    return new MenuEntry(id, offered, new Opens(flow, stage));
  }

  static MenuEntry of(String id, Predicate<Voice> offered, Target target) {
    return new MenuEntry(id, offered, target);
  }

  String optionId() {
    return OPTION_PREFIX + id;
  }

  Reply.Option option(Voice voice) {
    return new Reply.Option(optionId(), voice.text(titleKey()), voice.text(descriptionKey()));
  }

  String titleKey() {
    return "menu." + id + ".title";
  }

  String descriptionKey() {
    return "menu." + id + ".description";
  }

  String wordsKey() {
    return "match." + id;
  }

  List<String> textKeys() {
    return List.of(titleKey(), descriptionKey());
  }
}
