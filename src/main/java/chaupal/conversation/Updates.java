package chaupal.conversation;

import chaupal.conversation.Circumstances.Consent;
import chaupal.conversation.Prompt.Built;
import chaupal.conversation.Prompt.Choice;
import chaupal.conversation.Stage.Check;
import chaupal.conversation.Stage.InputKind;
import chaupal.conversation.Stage.Reading;
import chaupal.conversation.Stage.Reading.Took;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Subscriptions in the chat. The flow (data): the tenant's topics as a list, then one sentence of
 * what the citizen will get and how to stop it with a consent button, which records
 * {@link Action.Subscribe}. Besides the flow, at every stage: STOP (in any script, as the whole
 * message) ends every marketing subscription on the channel, START brings back what STOP or Meta's
 * stop setting ended, and the list of consents has a withdraw button for each. The words that confirm a
 * stop or a start are public: Meta's stop setting, heard outside the chat, is confirmed in the same words.
 */
public final class Updates {

  static final String FLOW = "updates";
  static final String TOPIC = "topic";
  static final String CONSENT = "consent";
  static final String WITHDRAW_PREFIX = "consents:withdraw:";

  static final String SOURCE_CHAT = "chat";
  static final String STOP_WORD = "stop-word";
  static final String WITHDRAWN = "withdrawn";
  static final String USER_PREFERENCES = "user-preferences";

  // Answers the flow keeps for its texts and its action; "_" keeps them apart from stage keys.
  private static final String TOPIC_NAME = "topic_name";
  private static final String HOW_TO_STOP = "how_to_stop";
  private static final String LANGUAGE = "_language";
  private static final String ULB = "_ulb";

  static final List<String> TEXT_KEYS =
      List.of(
          "updates.choose", "updates.choose-again", "updates.explain", "updates.agree", "updates.decline",
          "updates.agree-again", "updates.stop-by-word", "updates.stop-in-list", "updates.subscribed", "updates.declined",
          "updates.stopped", "updates.still", "updates.started", "updates.none", "updates.list", "updates.item",
          "updates.source.chat", "updates.source.missed-call", "updates.source.web-form", "updates.withdraw-button",
          "updates.withdraw-row", "updates.withdrawn");

  static final List<String> WORD_KEYS = List.of("match.stop", "match.start");

  /** Words that stop or start in every deployment; each catalog may add its own. */
  static final List<String> COMMON_STOP =
      List.of("stop", "stop all", "stop it", "stop messages", "stop all messages", "stop sending", "unsubscribe", "unsubscribe me",
          "unsub", "opt out", "optout", "स्टॉप", "ਸਟਾਪ", "अनसब्सक्राइब", "रोकें", "रोको", "बंद करें", "बंद करो", "बंद करे", "बंद करिए",
          "बंद कर दो", "band kardo", "bnd karo", "bnd kro", "बंद", "ਬੰਦ", "ਰੋਕੋ", "ਰੋਕ", "ਬੰਦ ਕਰੋ", "ਬੰਦ ਕਰ ਦਿਓ");

  /** Said around a stop or start word ("please stop", "ਬੰਦ ਕਰੋ ਜੀ"): left out before the words are compared. */
  static final List<String> POLITE = List.of("please", "pls", "plz", "ji", "kripya", "कृपया", "जी", "ਜੀ", "ਕਿਰਪਾ");

  /** Keys this long are compared within one slip of the thumb too ("unsubscibe"); shorter ones only exactly. */
  private static final int SPELT_LOOSELY_FROM = 8;

  static final List<String> COMMON_START = List.of("start", "resume", "शुरू", "शुरू करें", "ਸ਼ੁਰੂ", "ਸ਼ੁਰੂ ਕਰੋ");

  /** What a consent word or button said: the text that confirms it and the actions it takes. */
  record Said(Reply reply, List<Action> actions) {}

  private final Set<String> stopKeys;
  private final List<String> longStopKeys;
  private final Set<String> startKeys;
  private final Set<String> politeKeys;

  Updates(Directory directory) {
    this.stopKeys = keys(COMMON_STOP, directory, "match.stop");
    this.longStopKeys = stopKeys.stream().filter(k -> k.length() >= SPELT_LOOSELY_FROM && k.indexOf(' ') < 0).sorted().toList();
    this.startKeys = keys(COMMON_START, directory, "match.start");
    Set<String> polite = new HashSet<>();
    for (String word : POLITE) polite.add(TextKey.of(word));
    this.politeKeys = Set.copyOf(polite);
  }

  private static Set<String> keys(List<String> common, Directory directory, String wordsKey) {
    List<String> words = new ArrayList<>(common);
    for (String language : directory.languages()) words.addAll(directory.catalog(language).words(wordsKey));
    Set<String> keys = new HashSet<>();
    for (String word : words) keys.add(TextKey.of(word));
    return Set.copyOf(keys);
  }

  /**
   * STOP, START or a withdraw button, whatever stage the citizen is at; empty for anything else. A
   * stop word counts only as the whole message ("the water supply stopped" is a complaint), and a
   * START with nothing to bring back is left to the other rules (it is a greeting too).
   */
  Optional<Said> said(Voice voice, String language, Input input, Circumstances circumstances) {
    if (input instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(WITHDRAW_PREFIX)) {
      return Optional.of(withdraw(voice, choice.id().substring(WITHDRAW_PREFIX.length()), circumstances));
    }
    if (!(input instanceof Input.Text text)) return Optional.empty();
    String key = withoutCourtesy(TextKey.tokens(text.body()));
    if (isStop(key)) return Optional.of(stop(voice, circumstances));
    if (startKeys.contains(key)) return start(voice, language, circumstances);
    return Optional.empty();
  }

  /** The message's keys without a polite word at either end, joined by spaces. */
  private String withoutCourtesy(String[] tokens) {
    int from = 0;
    int to = tokens.length;
    while (from < to && politeKeys.contains(tokens[from])) from++;
    while (to > from && politeKeys.contains(tokens[to - 1])) to--;
    return String.join(" ", java.util.Arrays.asList(tokens).subList(from, to));
  }

  private boolean isStop(String key) {
    if (stopKeys.contains(key)) return true;
    if (key.length() < SPELT_LOOSELY_FROM || key.indexOf(' ') >= 0) return false;
    for (String stop : longStopKeys) {
      if (Spelling.distance(key, stop, 1) <= 1) return true;
    }
    return false;
  }

  private Said stop(Voice voice, Circumstances circumstances) {
    return new Said(new Reply.TextReply(stopped(voice, latest(circumstances).values())),
        List.of(new Action.Unsubscribe(null, STOP_WORD)));
  }

  /**
   * The words that confirm a stop of every marketing topic, typed or Meta's: updates.stopped, and
   * updates.still naming the utility topics among {@code consents} (as they were before the stop) that stay.
   */
  public static String stopped(Directory directory, Channel channel, String language, List<Consent> consents) {
    return stopped(new Voice(directory, channel, directory.tenantOf(channel), language), latest(consents).values());
  }

  private static String stopped(Voice voice, java.util.Collection<Consent> consents) {
    String text = voice.text("updates.stopped");
    List<String> still =
        consents.stream()
            .filter(Consent::active)
            .map(consent -> voice.tenant().topic(consent.topic()))
            .flatMap(Optional::stream)
            .filter(topic -> !topic.isMarketing())
            .map(topic -> topic.name().in(voice.language()))
            .toList();
    if (!still.isEmpty()) text = text + "\n\n" + voice.text("updates.still", Map.of("topics", String.join(", ", still)));
    return text;
  }

  /** The words that confirm a start, typed or Meta's resume: updates.started naming the topics (ids) that come back. */
  public static String started(Directory directory, Channel channel, String language, List<String> topics) {
    return started(new Voice(directory, channel, directory.tenantOf(channel), language), topics);
  }

  private static String started(Voice voice, List<String> topics) {
    List<String> names = topics.stream().map(voice.tenant()::topic).flatMap(Optional::stream)
        .map(topic -> topic.name().in(voice.language())).toList();
    return voice.text("updates.started", Map.of("topics", String.join(", ", names)));
  }

  private Optional<Said> start(Voice voice, String language, Circumstances circumstances) {
    List<Action> actions = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (Consent consent : latest(circumstances).values()) {
      boolean stopped = !consent.active() && (STOP_WORD.equals(consent.endReason()) || USER_PREFERENCES.equals(consent.endReason()));
      if (!stopped || voice.tenant().topic(consent.topic()).isEmpty()) continue;
      actions.add(new Action.Subscribe(consent.topic(), SOURCE_CHAT, language, ulbOf(voice, circumstances), null));
      topics.add(consent.topic());
    }
    if (actions.isEmpty()) return Optional.empty();
    return Optional.of(new Said(new Reply.TextReply(started(voice, topics)), actions));
  }

  private static Said withdraw(Voice voice, String topicId, Circumstances circumstances) {
    Consent consent = latest(circumstances).get(topicId);
    String name = voice.tenant().topic(topicId).map(topic -> topic.name().in(voice.language())).orElse(topicId);
    Reply reply = new Reply.TextReply(voice.text("updates.withdrawn", Map.of(TOPIC_NAME, name)));
    // A second tap on an old list finds the consent already ended: confirmed again, nothing recorded twice.
    List<Action> actions = consent != null && consent.active() ? List.of(new Action.Unsubscribe(topicId, WITHDRAWN)) : List.of();
    return new Said(reply, actions);
  }

  /** The citizen's consents on this channel that still hold, each with when and how it was given, and a withdraw row each. */
  static Reply consents(Voice voice, Circumstances circumstances) {
    List<Consent> active = latest(circumstances).values().stream().filter(Consent::active).toList();
    if (active.isEmpty()) return new Reply.TextReply(voice.text("updates.none"));
    List<String> items = new ArrayList<>();
    List<Reply.Option> rows = new ArrayList<>();
    for (Consent consent : active) {
      String name = voice.tenant().topic(consent.topic()).map(topic -> topic.name().in(voice.language())).orElse(consent.topic());
      String how = voice.text("updates.source." + consent.source());
      items.add(voice.text("updates.item", Map.of(TOPIC_NAME, name, "since", DueTime.say(voice, consent.sinceMillis()), "how", how)));
      if (rows.size() < Reply.LIST_ROWS_MAX) {
        rows.add(new Reply.Option(WITHDRAW_PREFIX + consent.topic(), Built.cut(name, Reply.ROW_TITLE_MAX), voice.text("updates.withdraw-row")));
      }
    }
    String body = voice.text("updates.list", Map.of("consents", String.join("\n", items)));
    return new Reply.ListReply(null, body, null, voice.text("updates.withdraw-button"), List.of(new Reply.Section(null, rows)));
  }

  /** The latest consent of each topic, in the order they were first given. */
  private static Map<String, Consent> latest(Circumstances circumstances) {
    return latest(circumstances.consents());
  }

  private static Map<String, Consent> latest(List<Consent> consents) {
    Map<String, Consent> latest = new LinkedHashMap<>();
    for (Consent consent : consents) latest.put(consent.topic(), consent);
    return latest;
  }

  /** The channel's ULB when its tenant has one, else that of the citizen's latest case, else unknown. */
  private static String ulbOf(Voice voice, Circumstances circumstances) {
    if (voice.tenant().ulbs().size() == 1) return voice.tenant().ulbs().get(0).code();
    return circumstances.cases().isEmpty() ? null : circumstances.cases().get(0).ulb();
  }

  // ------------------------------------------------------------------ the flow

  static Flow flow() {
    Built topics =
        new Built(
            List.of("updates.choose"),
            (voice, answers) -> voice.text("updates.choose"),
            (voice, answers) ->
                voice.tenant().topics().stream().map(topic -> new Choice(topic.id(), topic.name().in(voice.language()), null)).toList(),
            false);
    Stage.Reader topic =
        (draft, input, prefix) -> {
          Voice voice = draft.voice();
          String chosen = null;
          if (input instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(prefix)) {
            chosen = choice.id().substring(prefix.length());
          } else if (input instanceof Input.Text text) {
            chosen = typedTopic(voice, text.body());
          }
          Optional<Topic> found = chosen == null ? Optional.empty() : voice.tenant().topic(chosen);
          if (found.isEmpty()) return Reading.AGAIN;
          String how = voice.text(found.get().isMarketing() ? "updates.stop-by-word" : "updates.stop-in-list");
          return new Took(found.get().id(), Map.of(TOPIC_NAME, found.get().name().in(voice.language()), HOW_TO_STOP, how), Set.of());
        };
    Built consent =
        new Built(
            List.of("updates.explain", "updates.agree", "updates.decline"),
            (voice, answers) -> voice.text("updates.explain", answers),
            (voice, answers) ->
                List.of(new Choice("yes", voice.text("updates.agree"), null), new Choice("no", voice.text("updates.decline"), null)),
            false);
    Stage.Reader agree =
        (draft, input, prefix) -> {
          String value = null;
          if (input instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(prefix)) {
            value = choice.id().substring(prefix.length());
          } else if (input instanceof Input.Text text) {
            value = yesOrNo(draft.voice(), text.body());
          }
          if (!"yes".equals(value) && !"no".equals(value)) return Reading.AGAIN;
          Map<String, String> set = new HashMap<>();
          set.put(LANGUAGE, draft.voice().language());
          String ulb = ulbOf(draft.voice(), draft.circumstances());
          if (ulb != null) set.put(ULB, ulb);
          return new Took(value, set, Set.of());
        };
    Next subscribe =
        new Next.Finish(
            "updates.subscribed", a -> new Action.Subscribe(a.get(TOPIC), SOURCE_CHAT, a.get(LANGUAGE), a.get(ULB), null));
    return new Flow(
        FLOW,
        List.of(
            Stage.ask(TOPIC, topics, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "updates.choose-again", new Next.To(CONSENT))
                .readBy(topic),
            Stage.ask(CONSENT, consent, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "updates.agree-again",
                    new Next.ByAnswer(Map.of("yes", subscribe, "no", new Next.Finish("updates.declined", null))))
                .readBy(agree)));
  }

  /** A topic typed by its name in any of its languages, or by its place in the list (1, 2 ...). */
  private static String typedTopic(Voice voice, String body) {
    String key = TextKey.of(body);
    List<Topic> topics = voice.tenant().topics();
    if (key.matches("[0-9]{1,2}")) {
      int place = Integer.parseInt(key);
      return place >= 1 && place <= topics.size() ? topics.get(place - 1).id() : null;
    }
    for (Topic topic : topics) {
      for (String name : topic.name().byLanguage().values()) if (TextKey.of(name).equals(key)) return topic.id();
    }
    return null;
  }

  private static String yesOrNo(Voice voice, String body) {
    String key = TextKey.of(body);
    if (voice.words("match.yes").stream().map(TextKey::of).collect(Collectors.toSet()).contains(key)) return "yes";
    if (voice.words("match.no").stream().map(TextKey::of).collect(Collectors.toSet()).contains(key)) return "no";
    return null;
  }
}
