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
 *
 * <p>Before those rules, at every stage: words of an emergency get the emergency numbers first and
 * the citizen stays where they were; a case number typed anywhere (or the words asking for one's
 * complaints) gets that case's status or the list of the citizen's open cases; the buttons of a
 * "resolved" notice open the feedback. After them, free text at the menu (or a photo's caption)
 * that names a complaint category starts the grievance flow with what the sentence already told;
 * a photo or voice note without a caption at the menu is first asked about (many are greetings).
 * Inside a flow, menu, language and greeting words count only as the whole message. Typed text is
 * cleaned ({@link TypedText}) before any rule or stage sees it.
 */
public final class ConversationEngine {

  private static final List<String> TEXT_KEYS =
      List.of(
          "language.chosen", "unknown.text", "unknown.media", "unknown.location", "unknown.other", "unknown.stale",
          "emergency.text", "flood.notice", "media-question.kept");

  private static final List<String> WORD_KEYS = List.of("match.greeting", "match.this-language", "match.emergency");

  /** Inside a flow, track words count only as the whole message (a description may say "status"). */
  private static final int TRACK_WORDS_IN_FLOW = 2;

  private static final int TRACK_WORDS_AT_MENU = 4;

  /** Runs before the current stage, at every stage; empty when it has nothing to say to this input. */
  @FunctionalInterface
  private interface Rule {
    Optional<Answer> answer(Moment moment);
  }

  /** This turn as the rules and the stage see it; {@code language} is null until one is chosen. */
  private record Moment(
      Voice voice,
      ConversationState state,
      String language,
      Meaning meaning,
      Input input,
      boolean firstTurn,
      Circumstances circumstances) {}

  private final Directory directory;
  private final Vocabulary vocabulary;
  private final Map<String, MenuEntry> entries = new LinkedHashMap<>();
  private final Map<String, Flow> flows = new HashMap<>();
  private final Flow main;
  private final Stage languageStage;
  private final Stage mediaQuestion;
  private final Grievance grievance;
  private final Tracking tracking;
  private final CaseNumbers caseNumbers;
  private final EmergencyWords emergencies;
  private final Updates updates;
  private final Voices voices;
  private final List<Rule> rules =
      List.of(this::consent, this::answerAsked, this::mediaQuestion, this::track, this::feedback, this::languageNamed,
          this::noLanguageYet, this::menuRow, this::greeting, this::complaintSentence);

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
    this.mediaQuestion = main.stage(ConversationState.STAGE_MEDIA_QUESTION);
    flows.put(main.id(), main);
    Catalog reference = directory.catalog("en");
    Set<String> missing = new TreeSet<>();
    for (String key : catalogKeys(menu, List.of())) {
      if (!reference.hasText(key) && !reference.hasWords(key)) missing.add(key);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("catalogs/en.conf lacks keys the conversation uses: " + String.join(", ", missing));
    }
    this.grievance = new Grievance(directory);
    this.tracking = new Tracking(grievance);
    List<Flow> all = new ArrayList<>(grievance.flows());
    all.add(Feedback.flow());
    all.add(Updates.flow());
    all.addAll(otherFlows);
    for (Flow flow : all) {
      if (flows.putIfAbsent(flow.id(), flow) != null) throw new IllegalArgumentException("two flows are called " + flow.id());
    }
    for (MenuEntry entry : menu) {
      entries.put(entry.id(), entry);
      if (entry.target() instanceof MenuEntry.Opens opens && stageOpened(opens) == null) {
        throw new IllegalArgumentException("menu entry " + entry.id() + " opens unknown " + opens.flow() + " " + opens.stage());
      }
    }
    for (String key : catalogKeys(List.of(), otherFlows)) {
      if (!reference.hasText(key) && !reference.hasWords(key)) missing.add(key);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("catalogs/en.conf lacks keys the conversation uses: " + String.join(", ", missing));
    }
    this.vocabulary = new Vocabulary(directory, List.copyOf(entries.keySet()));
    this.caseNumbers = new CaseNumbers(directory.casePrefixes(), CaseNumbers.COMMON_TRACK_WORDS);
    // Word lists are the same on every number; a tenant adds its own numbers to the emergency text.
    List<String> words = new ArrayList<>(EmergencyWords.COMMON);
    for (String language : directory.languages()) words.addAll(directory.catalog(language).words("match.emergency"));
    this.emergencies = new EmergencyWords(words.stream().distinct().toList());
    this.updates = new Updates(directory);
    this.voices = new Voices(directory);
  }

  /** Every catalog key the shipped conversation reads: the catalogs need exactly these. */
  static Set<String> catalogKeys() {
    return catalogKeys(MainMenu.ENTRIES, List.of());
  }

  private static Set<String> catalogKeys(List<MenuEntry> menu, List<Flow> otherFlows) {
    Set<String> keys = new TreeSet<>(TEXT_KEYS);
    keys.addAll(WORD_KEYS);
    List<Flow> shipped = new ArrayList<>(new Grievance(null).flows());
    shipped.add(Feedback.flow());
    shipped.add(Updates.flow());
    shipped.add(MainMenu.flow(menu.isEmpty() ? MainMenu.ENTRIES : menu));
    shipped.addAll(otherFlows);
    shipped.forEach(flow -> keys.addAll(flow.textKeys()));
    keys.addAll(Grievance.WORD_KEYS);
    keys.addAll(Grievance.LEAD_KEYS);
    keys.addAll(Tracking.textKeys());
    keys.addAll(DueTime.TEXT_KEYS);
    keys.addAll(Updates.TEXT_KEYS);
    keys.addAll(Updates.WORD_KEYS);
    menu.forEach(entry -> keys.add(entry.wordsKey()));
    if (menu.isEmpty()) MainMenu.ENTRIES.forEach(entry -> keys.add(entry.wordsKey()));
    return keys;
  }

  /** {@link #handle(Channel, ConversationState, String, Input, Circumstances)} knowing nothing besides. */
  public Turn handle(Channel channel, ConversationState state, String preferredLanguage, Input input) {
    return handle(channel, state, preferredLanguage, input, Circumstances.NONE);
  }

  /**
   * Handles one input of one citizen on one channel. Pure: the same arguments give the same turn.
   * A turn that files a case without {@code circumstances.caseNumber()} returns its filing without
   * a number ({@link Turn#needsCaseNumber()}); called again with the same arguments and a reserved
   * number, it gives the same turn with that number in the filing and in the acknowledgement.
   *
   * @param preferredLanguage the citizen's language from another channel, or null; used only to
   *     write the first privacy notice in a language they read (nothing is preselected)
   * @param circumstances the time, the citizen's cases on this channel and a reserved case number
   */
  public Turn handle(
      Channel channel, ConversationState state, String preferredLanguage, Input raw, Circumstances circumstances) {
    Input input = TypedText.clean(raw);
    // The name on the citizen's WhatsApp profile is known: it is not asked, and the summary shows it to edit.
    String profileName = circumstances == null ? null : Grievance.plausibleName(circumstances.profileName());
    if (profileName != null && !state.remembered().containsKey(Grievance.NAME)) state = state.remembering(Grievance.NAME, profileName);
    String language = currentLanguage(channel, state);
    Voice voice = voice(channel, state, preferredLanguage);
    boolean firstTurn = !state.privacyNoticeGiven();
    Moment moment =
        new Moment(voice, state, language, understand(input, takesInput(state)), input, firstTurn,
            circumstances == null ? Circumstances.NONE : circumstances);

    Answer answer = emergency(moment).orElse(null);
    for (int i = 0; i < rules.size() && answer == null; i++) answer = rules.get(i).answer(moment).orElse(null);
    if (answer == null) answer = atStage(moment);

    List<Reply> replies = new ArrayList<>(3);
    if (answer.aside() != null) replies.add(answer.aside());
    if (firstTurn) {
      String chosen = answer.next().language();
      replies.add(new Reply.TextReply(MainMenu.privacyNotice(chosen == null ? voice : voice.in(chosen))));
    }
    replies.add(answer.reply());
    return new Turn(answer.next(), replies, answer.actions());
  }

  /**
   * What to send a citizen about a change of one of their cases, in {@code language} (the channel's
   * default when it does not offer it): the reply inside the 24-hour window and the channel's
   * case-update template with its parameters for outside it. Pure.
   */
  public Notice notice(Channel channel, String language, CaseNotice notice) {
    String spoken = channel.offers(language) ? language : channel.defaultLanguage();
    return tracking.notice(voices.of(channel, spoken), notice);
  }

  /**
   * The one notice a citizen gets when they write faster than the entity answers them. Pure.
   */
  public Reply tooFast(Channel channel, ConversationState state, String preferredLanguage) {
    return new Reply.TextReply(voice(channel, state, preferredLanguage).text("flood.notice"));
  }

  /** Speaks the language chosen on this channel, else the one the citizen reads elsewhere, else the channel's default. */
  private Voice voice(Channel channel, ConversationState state, String preferredLanguage) {
    String language = currentLanguage(channel, state);
    String spoken = language != null ? language : channel.offers(preferredLanguage) ? preferredLanguage : channel.defaultLanguage();
    return voices.of(channel, spoken);
  }

  // ------------------------------------------------------------------ rules

  /**
   * Emergency words in any script: the numbers first, and the citizen stays where they were; at the
   * menu, a sentence that also names a complaint ("fire in the garbage heap") starts it besides.
   */
  private Optional<Answer> emergency(Moment m) {
    String text =
        m.input() instanceof Input.Text t ? t.body() : m.input() instanceof Input.Media media ? media.caption() : null;
    if (text == null || !emergencies.in(text)) return Optional.empty();
    Optional<Answer> complaint = m.language() == null ? complaintBeforeLanguage(m) : complaintSentence(m);
    return Optional.of(complaint.orElseGet(() -> again(m)).after(new Reply.TextReply(m.voice().text("emergency.text"))));
  }

  /**
   * STOP, START or a consent's withdraw button, at any stage: confirmed beside where the citizen is,
   * so a STOP in the middle of a complaint ends the subscriptions and keeps the draft.
   */
  private Optional<Answer> consent(Moment m) {
    String language = m.language() != null ? m.language() : m.voice().language();
    return updates
        .said(m.voice(), language, m.input(), m.circumstances())
        .map(said -> {
          Answer shown = aside(m, said.reply());
          return new Answer(shown.next(), shown.reply(), said.actions(), shown.aside());
        });
  }

  /**
   * An official asked about a case and the citizen writes (or sends a photo or voice note): that is
   * the answer, and it lands on the case; the citizen stays where they were. A tap is never an answer.
   */
  private Optional<Answer> answerAsked(Moment m) {
    String number = m.circumstances().askedCase();
    if (number == null) return Optional.empty();
    String text;
    List<Action.Attachment> attachments = List.of();
    if (m.input() instanceof Input.Text t) {
      text = t.body().strip();
    } else if (m.input() instanceof Input.Media media) {
      text = media.caption() == null ? "" : media.caption().strip();
      attachments = List.of(new Action.Attachment(media.kind(), media.mediaId(), media.mimeType()));
    } else {
      return Optional.empty();
    }
    if (text.isEmpty() && attachments.isEmpty()) return Optional.empty();
    Answer thanks = aside(m, new Reply.TextReply(m.voice().text("notice.answered", Map.of("case_number", number))));
    return Optional.of(new Answer(thanks.next(), thanks.reply(), List.of(new Action.AnswerCase(number, text, attachments)),
        thanks.aside()));
  }

  /**
   * A photo or voice note without a caption at the menu is often a greeting, so nothing is filed by
   * itself: the citizen is asked whether it is a problem to report, once, while more sent before the
   * answer wait beside it in the state. "Report" (or a typed yes) starts the complaint with them;
   * "No" shows the menu; anything else is handled as at the menu, and they are dropped.
   */
  private Optional<Answer> mediaQuestion(Moment m) {
    if (m.language() == null || !atMenu(m) || m.voice().tenant().categories().isEmpty()) return Optional.empty();
    boolean asked = m.state().stage().equals(mediaQuestion.key());
    if (m.input() instanceof Input.Media media && Grievance.uncaptioned(media)) {
      Map<String, String> waiting = Grievance.waiting(asked ? m.state().answers() : Map.of(), media);
      if (!asked) return Optional.of(show(m, m.voice(), m.language(), main, mediaQuestion, null, waiting, m.state().remembered()));
      String kept =
          m.voice().text("media-question.kept",
              Map.of("count", Integer.toString(Grievance.waitingCount(waiting)), "most", Integer.toString(Grievance.WAITING_MOST)));
      ConversationState still =
          new ConversationState(mediaQuestion.key(), m.language(), true, main.id(), waiting, m.state().remembered());
      return Optional.of(new Answer(still, new Reply.TextReply(kept)));
    }
    if (!asked) return Optional.empty();
    String said = null;
    String prefix = main.choicePrefix(mediaQuestion);
    if (m.input() instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(prefix)) {
      said = choice.id().substring(prefix.length());
    } else if (m.input() instanceof Input.Text text) {
      String yes = grievance.yesOrNo(text.body());
      said = "yes".equals(yes) ? MainMenu.REPORT : "no".equals(yes) ? MainMenu.SHOW_MENU : null;
    }
    if (MainMenu.REPORT.equals(said)) return Optional.of(startGrievance(m, m.state().answers(), null));
    if (MainMenu.SHOW_MENU.equals(said)) return Optional.of(menu(m.voice(), m.language(), null, m.state().remembered()));
    return Optional.empty();
  }

  /** A case number anywhere in the message, the words asking for one's complaints, or a row of their list. */
  private Optional<Answer> track(Moment m) {
    String number = null;
    boolean list = false;
    if (m.input() instanceof Input.Text text) {
      Optional<TrackRequest> request = caseNumbers.track(text.body());
      if (request.isPresent() && request.get() instanceof TrackRequest.OneCase one) {
        number = one.number().toString();
      } else if (request.isPresent()) {
        int words = TextKey.tokens(text.body()).length;
        list = words <= (inFlow(m) ? TRACK_WORDS_IN_FLOW : TRACK_WORDS_AT_MENU);
      }
    } else if (m.input() instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(Tracking.ROW_PREFIX)) {
      number = choice.id().substring(Tracking.ROW_PREFIX.length());
    }
    if (number == null && !list) return Optional.empty();
    Reply reply =
        number != null
            ? new Reply.TextReply(tracking.one(m.voice(), m.circumstances().cases(), number))
            : tracking.open(m.voice(), m.circumstances().cases());
    return Optional.of(aside(m, reply));
  }

  /**
   * The buttons of a "resolved" notice, tapped at any time: rate it, or say why it is not resolved.
   * At the menu a typed yes or no ("नहीं", "haan") or a short sentence about the repair ("abhi tak
   * theek nahi hua") answers the notice too, when one case awaits it.
   */
  private Optional<Answer> feedback(Moment m) {
    String number;
    String said;
    if (m.input() instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(Tracking.FEEDBACK_PREFIX)) {
      String[] parts = choice.id().split(":");
      if (parts.length != 3 || caseNumbers.find(parts[1]).isEmpty()) return Optional.empty();
      number = parts[1];
      said = parts[2];
    } else if (m.input() instanceof Input.Text text && m.language() != null && !inFlow(m)) {
      List<String> resolved =
          m.circumstances().cases().stream().filter(c -> "resolved".equals(c.status())).map(Circumstances.CitizenCase::number).toList();
      if (resolved.size() != 1) return Optional.empty();
      number = resolved.get(0);
      said = grievance.resolvedOrNot(text.body());
    } else {
      return Optional.empty();
    }
    if (!("yes".equals(said) || "no".equals(said))) return Optional.empty();
    String language = m.language() != null ? m.language() : m.voice().language();
    Flow flow = flows.get(Feedback.FLOW);
    Stage stage = flow.stage(said.equals("yes") ? Feedback.RATING : Feedback.REASON);
    return Optional.of(show(m, m.voice(), language, flow, stage, null, Map.of(Feedback.CASE, number), m.state().remembered()));
  }

  private Optional<Answer> languageNamed(Moment m) {
    if (!(m.meaning() instanceof LanguageNamed named)) return Optional.empty();
    if (!m.voice().channel().offers(named.language())) {
      return Optional.of(
          show(m, m.voice(), m.language(), main, languageStage, LanguageChoice.notOffered(m.voice(), named.language()), Map.of(),
              m.state().remembered()));
    }
    Voice voice = m.voice().in(named.language());
    return Optional.of(menu(voice, named.language(), voice.text("language.chosen"), m.state().remembered()));
  }

  private Optional<Answer> noLanguageYet(Moment m) {
    if (m.language() != null) return Optional.empty();
    Optional<Answer> complaint = complaintBeforeLanguage(m);
    if (complaint.isPresent()) return complaint;
    boolean confused = m.meaning() instanceof Unclear && !m.firstTurn();
    String lead = confused ? LanguageChoice.inEveryLanguage(m.voice(), "language.unknown") : null;
    return Optional.of(show(m, m.voice(), null, main, languageStage, lead, Map.of(), m.state().remembered()));
  }

  /**
   * A first message that already is the problem: answered in the language its script says (Devanagari
   * Hindi, Gurmukhi Punjabi, Latin English) when the channel offers it, and the complaint taken at
   * once, so the citizen is not sent round the language buttons first. The menu still changes it.
   */
  private Optional<Answer> complaintBeforeLanguage(Moment m) {
    String words = m.input() instanceof Input.Text text ? text.body() : m.input() instanceof Input.Media media ? media.caption() : null;
    if (words == null) return Optional.empty();
    String language = scriptLanguage(words);
    if (language == null || !m.voice().channel().offers(language)) return Optional.empty();
    Optional<Map<String, String>> told = grievance.start(m.voice().tenant(), m.input());
    if (told.isEmpty()) return Optional.empty();
    ConversationState atMenu = new ConversationState(ConversationState.STAGE_MENU, language, m.state().privacyNoticeGiven(),
        ConversationState.FLOW_MAIN, Map.of(), m.state().remembered());
    Moment inLanguage = new Moment(m.voice().in(language), atMenu, language, m.meaning(), m.input(), m.firstTurn(), m.circumstances());
    return Optional.of(startGrievance(inLanguage, told.get(), null));
  }

  /** The language most letters of a text are written for, or null (digits, emoji, another script). */
  static String scriptLanguage(String text) {
    int devanagari = 0;
    int gurmukhi = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp) && Character.getType(cp) != Character.NON_SPACING_MARK
          && Character.getType(cp) != Character.COMBINING_SPACING_MARK) continue;
      switch (Character.UnicodeScript.of(cp)) {
        case DEVANAGARI -> devanagari++;
        case GURMUKHI -> gurmukhi++;
        case LATIN -> latin++;
        default -> { }
      }
    }
    int most = Math.max(devanagari, Math.max(gurmukhi, latin));
    if (most == 0) return null;
    return most == devanagari ? "hi" : most == gurmukhi ? "pa" : "en";
  }

  private Optional<Answer> menuRow(Moment m) {
    if (!(m.meaning() instanceof Topic topic)) return Optional.empty();
    MenuEntry entry = entries.get(topic.entryId());
    if (entry == null || !entry.offered().test(m.voice())) return Optional.empty();
    if (entry.target() instanceof MenuEntry.Says says) {
      return Optional.of(menu(m.voice(), m.language(), says.text().apply(m.voice()), m.state().remembered()));
    }
    if (entry.target() instanceof MenuEntry.Tracks) return Optional.of(aside(m, tracking.open(m.voice(), m.circumstances().cases())));
    if (entry.target() instanceof MenuEntry.ListsConsents) return Optional.of(aside(m, Updates.consents(m.voice(), m.circumstances())));
    if (entry.target() instanceof MenuEntry.Complains) return Optional.of(startGrievance(m, Map.of(), null));
    MenuEntry.Opens opens = (MenuEntry.Opens) entry.target();
    return Optional.of(
        show(m, m.voice(), m.language(), flows.get(opens.flow()), stageOpened(opens), null, Map.of(), m.state().remembered()));
  }

  private Optional<Answer> greeting(Moment m) {
    if (!(m.meaning() instanceof Greeting)) return Optional.empty();
    if (Grievance.isSamvad(m.voice().tenant())) return Optional.of(startGrievance(m, Map.of(), m.voice().text("samvad.welcome")));
    return Optional.of(
        menu(m.voice(), m.language(), m.voice().text(m.firstTurn() ? "menu.welcome" : "menu.welcome-back"), m.state().remembered()));
  }

  /**
   * Free text at the menu that names a complaint, or a photo or voice note whose caption does: the
   * grievance flow, with what the sentence told and the attachment.
   */
  private Optional<Answer> complaintSentence(Moment m) {
    if (!atMenu(m)) return Optional.empty();
    // Photos waiting for "Report a problem?" go with a sentence that names it instead of the tap.
    Map<String, String> waiting = m.state().stage().equals(mediaQuestion.key()) ? m.state().answers() : Map.of();
    return grievance.start(m.voice().tenant(), m.input()).map(told -> startGrievance(m, Grievance.after(waiting, told), null));
  }

  /** At a stage of the main flow this node knows (the menu, the language buttons, the media question). */
  private boolean atMenu(Moment m) {
    Flow flow = flows.get(m.state().flow());
    return flow == main && flow.stage(m.state().stage()) != null && !inFlow(m);
  }

  private Answer startGrievance(Moment m, Map<String, String> told, String lead) {
    Flow flow = grievance.flowFor(m.voice().tenant());
    return follow(m, flow, new Next.To(flow.first().key()), told, lead);
  }

  // ------------------------------------------------------------------ the current stage

  private Answer atStage(Moment m) {
    Flow flow = flows.get(m.state().flow());
    Stage stage = flow == null ? null : flow.stage(m.state().stage());
    if (stage == null || !stage.takesInput()) {
      String kind = m.meaning() instanceof Unclear unclear ? unclear.kind() : "text";
      return menu(m.voice(), m.language(), m.voice().text("unknown." + kind), m.state().remembered());
    }
    Map<String, String> answers = m.state().answers();
    String prefix = flow.choicePrefix(stage);
    Stage.InputKind kind = Stage.InputKind.of(m.input());
    if (stage.reader() != null && kind != null && stage.accepts().contains(kind)) {
      Stage.Reading reading = stage.reader().read(draft(m, answers), m.input(), prefix);
      if (reading instanceof Stage.Reading.Took took) {
        Map<String, String> collected = changed(answers, took.set(), took.forget());
        collected.put(stage.key(), took.value());
        return follow(m, flow, stage.next().after(took.value()), collected, null);
      }
      Stage.Reading.Again again = (Stage.Reading.Again) reading;
      Map<String, String> collected = changed(answers, again.set(), again.forget());
      String lead =
          again.lead() == null
              ? m.voice().text(stage.reaskKey(), merged(m, collected))
              : again.lead().isEmpty() ? null : m.voice().text(again.lead(), merged(m, collected));
      return show(m, m.voice(), m.language(), flow, stage, lead, collected, m.state().remembered());
    }
    String value = stage.reader() == null ? stage.read(m.input(), prefix) : null;
    if (value == null || !stage.check().fits(value)) {
      return show(m, m.voice(), m.language(), flow, stage, m.voice().text(stage.reaskKey(), merged(m, answers)), answers,
          m.state().remembered());
    }
    Map<String, String> collected = new HashMap<>(answers);
    collected.put(stage.key(), value);
    return follow(m, flow, stage.next().after(value), collected, null);
  }

  /**
   * Goes where {@code next} leads: the next stage that must ask (skipping those whose answer is
   * known), or the end of the flow with its action.
   */
  private Answer follow(Moment m, Flow flow, Next next, Map<String, String> answers, String lead) {
    Map<String, String> collected = new HashMap<>(answers);
    for (int hops = 0; hops <= flow.stages().size(); hops++) {
      Stage stage;
      if (next instanceof Next.To to) {
        stage = flow.stage(to.stage());
      } else if (next instanceof Next.Redo redo) {
        redo.forget().forEach(collected::remove);
        stage = flow.stage(redo.stage());
      } else {
        return finish(m, flow, next, collected, lead);
      }
      Optional<Map<String, String>> known = stage.skip().known(draft(m, collected));
      if (known.isEmpty()) return show(m, m.voice(), m.language(), flow, stage, lead, collected, m.state().remembered());
      collected.putAll(known.get());
      next = stage.next().after(merged(m, collected).getOrDefault(stage.key(), ""));
    }
    throw new IllegalStateException("flow " + flow.id() + " skips its stages in a circle");
  }

  /** The end of a flow: back to the menu under its done text, with its action; its remembered answers kept. */
  private Answer finish(Moment m, Flow flow, Next next, Map<String, String> collected, String lead) {
    Map<String, String> known = merged(m, collected);
    Map<String, String> remembered = new HashMap<>(m.state().remembered());
    for (String key : flow.remembers()) if (known.containsKey(key)) remembered.put(key, known.get(key));
    if (next instanceof Next.Files files) {
      Next.Filed filed = files.filing().file(draft(m, collected));
      String number = m.circumstances().caseNumber();
      Action.FileCase action = number == null ? filed.action() : filed.action().withNumber(number);
      Map<String, String> params = new HashMap<>(known);
      params.putAll(filed.params());
      params.put("case_number", number == null ? "" : number);
      Answer done = menu(m.voice(), m.language(), m.voice().text(files.doneKey(), params), remembered);
      return new Answer(done.next(), done.reply(), List.of(action));
    }
    Next.Finish finish = (Next.Finish) next;
    Answer done = menu(m.voice(), m.language(), m.voice().text(finish.doneKey(), known), remembered);
    List<Action> actions = finish.action() == null ? List.of() : List.of(finish.action().apply(Map.copyOf(collected)));
    return new Answer(done.next(), done.reply(), actions);
  }

  // ------------------------------------------------------------------ answers

  /** Moves to {@code stage} and asks its prompt under {@code lead}. */
  private Answer show(
      Moment m, Voice voice, String language, Flow flow, Stage stage, String lead, Map<String, String> answers,
      Map<String, String> remembered) {
    // The menu and language buttons carry ids of their own; a rule's buttons get the stage's prefix.
    String choicePrefix = flow.choicePrefix(stage);
    Map<String, String> shown = new HashMap<>(remembered);
    shown.putAll(answers);
    Reply reply = stage.prompt().ask(voice, lead, shown, choicePrefix);
    return new Answer(new ConversationState(stage.key(), language, true, flow.id(), answers, remembered), reply);
  }

  /** Back to the menu, the main flow's first stage, with nothing collected. */
  private Answer menu(Voice voice, String language, String lead, Map<String, String> remembered) {
    return show(null, voice, language, main, main.first(), lead, Map.of(), remembered);
  }

  /** Where the citizen is, asked again (after an emergency's numbers). */
  private Answer again(Moment m) {
    if (m.language() == null) return show(m, m.voice(), null, main, languageStage, null, Map.of(), m.state().remembered());
    Flow flow = flows.get(m.state().flow());
    Stage stage = flow == null ? null : flow.stage(m.state().stage());
    if (stage == null || (!stage.takesInput() && stage != languageStage)) return menu(m.voice(), m.language(), null, m.state().remembered());
    return show(m, m.voice(), m.language(), flow, stage, null, stage.takesInput() ? m.state().answers() : Map.of(), m.state().remembered());
  }

  /** An answer given besides where the citizen is: before the stage they were at, or as the menu's lead. */
  private Answer aside(Moment m, Reply reply) {
    if (m.language() != null && !inFlow(m)) {
      if (reply instanceof Reply.TextReply text) return menu(m.voice(), m.language(), text.body(), m.state().remembered());
      return new Answer(menu(m.voice(), m.language(), null, m.state().remembered()).next(), reply);
    }
    return again(m).after(reply);
  }

  /** Whether the citizen is at a stage of a flow that takes input (not the menu or the language buttons). */
  private boolean inFlow(Moment m) {
    return takesInput(m.state());
  }

  private boolean takesInput(ConversationState state) {
    Flow flow = flows.get(state.flow());
    Stage stage = flow == null ? null : flow.stage(state.stage());
    return stage != null && stage.takesInput();
  }

  private Draft draft(Moment m, Map<String, String> collected) {
    return new Draft(m.voice(), merged(m, collected), m.circumstances());
  }

  private static Map<String, String> merged(Moment m, Map<String, String> collected) {
    Map<String, String> all = new HashMap<>(m.state().remembered());
    all.putAll(collected);
    return all;
  }

  private static Map<String, String> changed(Map<String, String> answers, Map<String, String> set, Set<String> forget) {
    Map<String, String> collected = new HashMap<>(answers);
    forget.forEach(collected::remove);
    collected.putAll(set);
    return collected;
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

  /**
   * Inside a flow, a menu row, language or greeting counts only as the whole message: "Zirakpur
   * city" is a town and "Punjabi Bagh" a landmark, not the areas row or a language switch.
   */
  private Meaning understand(Input input, boolean inFlow) {
    if (input instanceof Input.Text text) {
      return vocabulary.recognize(text.body(), inFlow ? 0 : Vocabulary.EXTRA_WORDS).orElse(new Unclear("text"));
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
