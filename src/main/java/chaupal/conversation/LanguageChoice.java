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

  /** Shows the buttons under {@code language.prompt}, or {@code language.unknown} after input that was not a choice. */
  static Answer offer(Voice voice, String promptKey) {
    String body =
        voice.channel().languages().stream()
            .map(language -> voice.in(language).text(promptKey))
            .collect(Collectors.joining("\n"));
    return show(voice, body);
  }

  static Answer offer(Voice voice) {
    return offer(voice, "language.prompt");
  }

  /** The citizen asked for a language this number does not offer: say so, and name the ones it does. */
  static Answer notOffered(Voice voice, String requested) {
    return show(voice, voice.text("language.not-offered", Map.of("language", voice.nameOf(requested))));
  }

  private static Answer show(Voice voice, String body) {
    List<Reply.Option> options =
        voice.channel().languages().stream()
            .map(language -> new Reply.Option(OPTION_PREFIX + language, voice.nameOf(language), null))
            .toList();
    return new Answer(ConversationState.STAGE_LANGUAGE, new Reply.ButtonsReply(null, body, null, options));
  }
}
