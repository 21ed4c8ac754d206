package chaupal.conversation;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the main menu: shown where {@code offered} holds for the channel and tenant, chosen by
 * tapping its row or typing one of its words. Its texts live in the catalogs under keys that follow
 * from the id: {@code menu.<id>.title}, {@code menu.<id>.description} and {@code match.<id>}.
 */
record MenuEntry(String id, Predicate<Voice> offered, Function<Voice, Answer> choose) {

  static final String OPTION_PREFIX = "menu:";

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
