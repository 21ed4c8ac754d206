package chaupal.conversation;

import chaupal.conversation.Vocabulary.Greeting;
import chaupal.conversation.Vocabulary.LanguageNamed;
import chaupal.conversation.Vocabulary.Meaning;
import chaupal.conversation.Vocabulary.Topic;
import chaupal.conversation.Vocabulary.Unclear;
import chaupal.tenancy.Catalog;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conversation as a pure function: {@code (channel, state, input) -> (state, replies)}. No I/O,
 * no clock, no randomness, so a flow is tested with plain JUnit and a replayed input gives the same
 * turn. Every citizen-facing word comes from the catalogs.
 *
 * <p>Rules, in order: the first turn on a channel always starts with the privacy notice; a language
 * (tapped, or typed by name) switches at any stage; a menu row (tapped, or typed by its words) works
 * at any stage once a language is chosen; a greeting shows the menu (or the language buttons while
 * no language is chosen); anything else gets a helpful line and the menu, never silence.
 */
public final class ConversationEngine {

  private static final List<String> TEXT_KEYS =
      List.of(
          "language.chosen", "unknown.text", "unknown.media", "unknown.location", "unknown.other", "unknown.stale");

  private static final List<String> WORD_KEYS = List.of("match.greeting", "match.this-language");

  private final Directory directory;
  private final Vocabulary vocabulary;

  /**
   * @throws IllegalStateException when the catalogs lack a text or word list the engine uses, or
   *     one phrase means two different things (both are mistakes in the catalogs, found at start-up)
   */
  public ConversationEngine(Directory directory) {
    this.directory = directory;
    Catalog reference = directory.catalog("en");
    Set<String> missing = new TreeSet<>();
    for (String key : textKeys()) if (!reference.hasText(key)) missing.add(key);
    for (String key : wordKeys()) if (!reference.hasWords(key)) missing.add(key);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("catalogs/en.conf lacks keys the conversation uses: " + String.join(", ", missing));
    }
    this.vocabulary = new Vocabulary(directory, MainMenu.ENTRIES.stream().map(MenuEntry::id).toList());
  }

  /** Every catalog key the engine reads: the catalogs need exactly these. */
  static Set<String> catalogKeys() {
    Set<String> keys = new TreeSet<>(textKeys());
    keys.addAll(wordKeys());
    return keys;
  }

  private static List<String> textKeys() {
    List<String> keys = new ArrayList<>(TEXT_KEYS);
    keys.addAll(LanguageChoice.TEXT_KEYS);
    keys.addAll(MainMenu.TEXT_KEYS);
    MainMenu.ENTRIES.forEach(entry -> keys.addAll(entry.textKeys()));
    return keys;
  }

  private static List<String> wordKeys() {
    List<String> keys = new ArrayList<>(WORD_KEYS);
    MainMenu.ENTRIES.forEach(entry -> keys.add(entry.wordsKey()));
    return keys;
  }

  /**
   * Handles one input of one citizen on one channel.
   *
   * @param preferredLanguage the citizen's language from another channel, or null; used only to
   *     write the first privacy notice in a language they read (nothing is preselected)
   */
  public Turn handle(Channel channel, ConversationState state, String preferredLanguage, Input input) {
    String language = currentLanguage(channel, state);
    String fallbackLanguage =
        language != null ? language : channel.offers(preferredLanguage) ? preferredLanguage : channel.defaultLanguage();
    Voice voice = new Voice(directory, channel, directory.tenantOf(channel), fallbackLanguage);
    boolean firstTurn = !state.privacyNoticeGiven();
    Meaning meaning = understand(input);

    String nextLanguage = language;
    Answer answer;
    Optional<MenuEntry> entry = meaning instanceof Topic topic ? offeredEntry(topic.entryId(), voice) : Optional.empty();
    if (meaning instanceof LanguageNamed named && channel.offers(named.language())) {
      nextLanguage = named.language();
      voice = voice.in(nextLanguage);
      answer = MainMenu.show(voice, voice.text("language.chosen"));
    } else if (meaning instanceof LanguageNamed named) {
      answer = LanguageChoice.notOffered(voice, named.language());
    } else if (language == null) {
      boolean confused = meaning instanceof Unclear && !firstTurn;
      answer = LanguageChoice.offer(voice, confused ? "language.unknown" : "language.prompt");
    } else if (entry.isPresent()) {
      answer = entry.get().choose().apply(voice);
    } else if (meaning instanceof Greeting) {
      answer = MainMenu.show(voice, voice.text(firstTurn ? "menu.welcome" : "menu.welcome-back"));
    } else {
      String kind = meaning instanceof Unclear unclear ? unclear.kind() : "text";
      answer = MainMenu.show(voice, voice.text("unknown." + kind));
    }

    List<Reply> replies = new ArrayList<>(2);
    if (firstTurn) replies.add(new Reply.TextReply(MainMenu.privacyNotice(voice)));
    replies.add(answer.reply());
    return new Turn(new ConversationState(answer.stage(), nextLanguage, true), replies);
  }

  /** The chosen language if this channel still offers it; a channel with one language needs no choice. */
  private static String currentLanguage(Channel channel, ConversationState state) {
    if (channel.offers(state.language())) return state.language();
    return channel.languages().size() == 1 ? channel.defaultLanguage() : null;
  }

  private Meaning understand(Input input) {
    if (input instanceof Input.Text text) {
      return vocabulary.recognize(text.body()).orElse(new Unclear("text"));
    }
    if (input instanceof Input.Choice choice) return fromChoice(choice.id());
    if (input instanceof Input.Location) return new Unclear("location");
    if (input instanceof Input.Media) return new Unclear("media");
    return new Unclear("other");
  }

  /** A tapped id we set ourselves; anything else is a button from an old message. */
  private Meaning fromChoice(String id) {
    if (id == null) return new Unclear("stale");
    if (id.startsWith(LanguageChoice.OPTION_PREFIX)) {
      String language = id.substring(LanguageChoice.OPTION_PREFIX.length());
      if (directory.languages().contains(language)) return new LanguageNamed(language);
    }
    if (id.startsWith(MenuEntry.OPTION_PREFIX)) {
      String entryId = id.substring(MenuEntry.OPTION_PREFIX.length());
      if (MainMenu.entry(entryId).isPresent()) return new Topic(entryId);
    }
    return new Unclear("stale");
  }

  private static Optional<MenuEntry> offeredEntry(String id, Voice voice) {
    return MainMenu.entry(id).filter(entry -> entry.offered().test(voice));
  }
}
