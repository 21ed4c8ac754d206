package chaupal.conversation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The language buttons: one per language of the channel, each titled in its own language, under a
 * prompt written in every one of them (the citizen may not read the default language).
 */
final class LanguageChoice {

  static final String OPTION_PREFIX = "language:";

  static final List<String> TEXT_KEYS =
      List.of("language.name", "language.prompt", "language.unknown", "language.not-offered");

  private LanguageChoice() {}

  /** A text in every language of the channel, one a line: the citizen may not read the default one. */
  static String inEveryLanguage(Voice voice, String key) {
    return voice.channel().languages().stream()
        .map(language -> voice.in(language).text(key))
        .collect(Collectors.joining("\n"));
  }

  /** The citizen asked for a language this number does not offer: say so, and name the ones it does. */
  static String notOffered(Voice voice, String requested) {
    return voice.text("language.not-offered", Map.of("language", voice.nameOf(requested)));
  }

  /** The buttons under {@code body}. */
  static Reply show(Voice voice, String body) {
    List<Reply.Option> options =
        voice.channel().languages().stream()
            .map(language -> new Reply.Option(OPTION_PREFIX + language, voice.nameOf(language), null))
            .toList();
    return new Reply.ButtonsReply(null, body, null, options);
  }
}
