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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conversation as a pure function: {@code (channel, state, input) -> (state, replies, actions)}.
 * No I/O, no clock, no randomness, so a flow is tested with plain JUnit and a replayed input gives
 * the same turn. Every citizen-facing word comes from the catalogs.
 *
 * <p>The engine interprets {@link Flow flows}: data, built once at start-up. Each turn, the rules
 * run first, in order, at every stage: the first turn on a channel always starts with the privacy
 * notice; a language (tapped, or typed by name) switches; while no language is chosen the language
 * buttons are asked; a menu row (tapped, or typed by its words) is chosen; a greeting shows the
 * menu. A rule that answers leaves the flow the citizen was in. Otherwise the current stage takes
 * the input: it keeps the answer under its key, re-asks what it cannot take or what fails its
 * check, moves to the next stage (a button can branch) or finishes the flow with its action and
 * the menu. A stage that takes no input, or one this node does not know (a newer release added
 * it), answers with a helpful line and the menu, never silence.
 */
public final class ConversationEngine {

  private static final List<String> TEXT_KEYS =
      List.of(
          "language.chosen", "unknown.text", "unknown.media", "unknown.location", "unknown.other", "unknown.stale");

  private static final List<String> WORD_KEYS = List.of("match.greeting", "match.this-language");

  /** Runs before the current stage, at every stage; empty when it has nothing to say to this input. */
  @FunctionalInterface
  private interface Rule {
    Optional<Answer> answer(Moment moment);
  }

  /** This turn as the rules and the stage see it; {@code language} is null until one is chosen. */
  private record Moment(
      Voice voice, ConversationState state, String language, Meaning meaning, Input input, boolean firstTurn) {}

  private final Directory directory;
  private final Vocabulary vocabulary;
  private final Map<String, MenuEntry> entries = new LinkedHashMap<>();
  private final Map<String, Flow> flows = new HashMap<>();
  private final Flow main;
  private final Stage languageStage;
  private final List<Rule> rules = List.of(this::languageNamed, this::noLanguageYet, this::menuRow, this::greeting);

  /**
   * The shipped conversation.
   *
   * @throws IllegalStateException when the catalogs lack a text or word list the engine uses, or
   *     one phrase means two different things (both are mistakes in the catalogs, found at start-up)
   */
  public ConversationEngine(Directory directory) {
    this(directory, MainMenu.ENTRIES, List.of());
  }

  /** A conversation with these menu entries and flows besides the main one (tests bring their own). */
  ConversationEngine(Directory directory, List<MenuEntry> menu, List<Flow> otherFlows) {
    this.directory = directory;
    this.main = MainMenu.flow(menu);
    this.languageStage = main.stage(ConversationState.STAGE_LANGUAGE);
    flows.put(main.id(), main);
    for (Flow flow : otherFlows) {
      if (flows.putIfAbsent(flow.id(), flow) != null) throw new IllegalArgumentException("two flows are called " + flow.id());
    }
    for (MenuEntry entry : menu) {
      entries.put(entry.id(), entry);
      if (entry.target() instanceof MenuEntry.Opens opens && stageOpened(opens) == null) {
        throw new IllegalArgumentException("menu entry " + entry.id() + " opens unknown " + opens.flow() + " " + opens.stage());
      }
    }
    Catalog reference = directory.catalog("en");
    Set<String> missing = new TreeSet<>();
    for (String key : catalogKeys(menu, flows.values())) {
      if (!reference.hasText(key) && !reference.hasWords(key)) missing.add(key);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("catalogs/en.conf lacks keys the conversation uses: " + String.join(", ", missing));
    }
    this.vocabulary = new Vocabulary(directory, List.copyOf(entries.keySet()));
  }

  /** Every catalog key the shipped conversation reads: the catalogs need exactly these. */
  static Set<String> catalogKeys() {
    return catalogKeys(MainMenu.ENTRIES, List.of(MainMenu.flow(MainMenu.ENTRIES)));
  }

  private static Set<String> catalogKeys(List<MenuEntry> menu, Iterable<Flow> flows) {
    Set<String> keys = new TreeSet<>(TEXT_KEYS);
    keys.addAll(WORD_KEYS);
    flows.forEach(flow -> keys.addAll(flow.textKeys()));
    menu.forEach(entry -> keys.add(entry.wordsKey()));
    return keys;
  }

  /**
   * Handles one input of one citizen on one channel.
   *
   * @param preferredLanguage the citizen's language from another channel, or null; used only to
   *     write the first privacy notice in a language they read (nothing is preselected)
   */
  public Turn handle(Channel channel, ConversationState state, String preferredLanguage, Input input) {
    return handle(channel, state, preferredLanguage, input, Circumstances.NONE);
  }

  /** As above, knowing the time, the citizen's cases on this channel and a reserved case number. */
  public Turn handle(Channel channel, ConversationState state, String preferredLanguage, Input input, Circumstances circumstances) {
    String language = currentLanguage(channel, state);
    String fallbackLanguage =
        language != null ? language : channel.offers(preferredLanguage) ? preferredLanguage : channel.defaultLanguage();
    Voice voice = new Voice(directory, channel, directory.tenantOf(channel), fallbackLanguage);
    boolean firstTurn = !state.privacyNoticeGiven();
    Moment moment = new Moment(voice, state, language, understand(input), input, firstTurn);

    Answer answer = null;
    for (int i = 0; i < rules.size() && answer == null; i++) answer = rules.get(i).answer(moment).orElse(null);
    if (answer == null) answer = atStage(moment);

    List<Reply> replies = new ArrayList<>(2);
    if (firstTurn) {
      String chosen = answer.next().language();
      replies.add(new Reply.TextReply(MainMenu.privacyNotice(chosen == null ? voice : voice.in(chosen))));
    }
    replies.add(answer.reply());
    return new Turn(answer.next(), replies, answer.actions());
  }

  // ------------------------------------------------------------------ rules

  private Optional<Answer> languageNamed(Moment m) {
    if (!(m.meaning() instanceof LanguageNamed named)) return Optional.empty();
    if (!m.voice().channel().offers(named.language())) {
      return Optional.of(ask(m.voice(), m.language(), main, languageStage, LanguageChoice.notOffered(m.voice(), named.language()), Map.of()));
    }
    Voice voice = m.voice().in(named.language());
    return Optional.of(menu(voice, named.language(), voice.text("language.chosen")));
  }

  private Optional<Answer> noLanguageYet(Moment m) {
    if (m.language() != null) return Optional.empty();
    boolean confused = m.meaning() instanceof Unclear && !m.firstTurn();
    String lead = confused ? LanguageChoice.inEveryLanguage(m.voice(), "language.unknown") : null;
    return Optional.of(ask(m.voice(), null, main, languageStage, lead, Map.of()));
  }

  private Optional<Answer> menuRow(Moment m) {
    if (!(m.meaning() instanceof Topic topic)) return Optional.empty();
    MenuEntry entry = entries.get(topic.entryId());
    if (entry == null || !entry.offered().test(m.voice())) return Optional.empty();
    if (entry.target() instanceof MenuEntry.Says says) return Optional.of(menu(m.voice(), m.language(), says.text().apply(m.voice())));
    MenuEntry.Opens opens = (MenuEntry.Opens) entry.target();
    return Optional.of(ask(m.voice(), m.language(), flows.get(opens.flow()), stageOpened(opens), null, Map.of()));
  }

  private Optional<Answer> greeting(Moment m) {
    if (!(m.meaning() instanceof Greeting)) return Optional.empty();
    return Optional.of(menu(m.voice(), m.language(), m.voice().text(m.firstTurn() ? "menu.welcome" : "menu.welcome-back")));
  }

  // ------------------------------------------------------------------ the current stage

  private Answer atStage(Moment m) {
    Flow flow = flows.get(m.state().flow());
    Stage stage = flow == null ? null : flow.stage(m.state().stage());
    if (stage == null || !stage.takesInput()) {
      String kind = m.meaning() instanceof Unclear unclear ? unclear.kind() : "text";
      return menu(m.voice(), m.language(), m.voice().text("unknown." + kind));
    }
    Map<String, String> answers = m.state().answers();
    String value = stage.read(m.input(), flow.choicePrefix(stage));
    if (value == null || !stage.check().fits(value)) {
      return ask(m.voice(), m.language(), flow, stage, m.voice().text(stage.reaskKey(), answers), answers);
    }
    Map<String, String> collected = new HashMap<>(answers);
    collected.put(stage.key(), value);
    Next next = stage.next().after(value);
    if (next instanceof Next.To to) return ask(m.voice(), m.language(), flow, flow.stage(to.stage()), null, collected);
    Next.Finish finish = (Next.Finish) next;
    Answer done = menu(m.voice(), m.language(), m.voice().text(finish.doneKey(), collected));
    List<Action> actions = finish.action() == null ? List.of() : List.of(finish.action().apply(Map.copyOf(collected)));
    return new Answer(done.next(), done.reply(), actions);
  }

  // ------------------------------------------------------------------ answers

  /** Moves to {@code stage} and asks its prompt under {@code lead}. */
  private static Answer ask(
      Voice voice, String language, Flow flow, Stage stage, String lead, Map<String, String> answers) {
    String choicePrefix = stage.takesInput() ? flow.choicePrefix(stage) : "";
    Reply reply = stage.prompt().ask(voice, lead, answers, choicePrefix);
    return new Answer(new ConversationState(stage.key(), language, true, flow.id(), answers), reply);
  }

  /** Back to the menu, the main flow's first stage, with nothing collected. */
  private Answer menu(Voice voice, String language, String lead) {
    return ask(voice, language, main, main.first(), lead, Map.of());
  }

  private Stage stageOpened(MenuEntry.Opens opens) {
    Flow flow = flows.get(opens.flow());
    if (flow == null) return null;
    return opens.stage() == null ? flow.first() : flow.stage(opens.stage());
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

  /** A tapped id we set ourselves; anything else is a button from an old message (or one a stage reads). */
  private Meaning fromChoice(String id) {
    if (id == null) return new Unclear("stale");
    if (id.startsWith(LanguageChoice.OPTION_PREFIX)) {
      String language = id.substring(LanguageChoice.OPTION_PREFIX.length());
      if (directory.languages().contains(language)) return new LanguageNamed(language);
    }
    if (id.startsWith(MenuEntry.OPTION_PREFIX)) {
      String entryId = id.substring(MenuEntry.OPTION_PREFIX.length());
      if (entries.containsKey(entryId)) return new Topic(entryId);
    }
    return new Unclear("stale");
  }
}
