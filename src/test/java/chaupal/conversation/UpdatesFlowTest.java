package chaupal.conversation;

import static chaupal.conversation.ConversationEngineTest.DIRECTORY;
import static chaupal.conversation.ConversationEngineTest.ENGINE;
import static chaupal.conversation.GrievanceFlowTest.body;
import static chaupal.conversation.GrievanceFlowTest.checked;
import static chaupal.conversation.GrievanceFlowTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.conversation.Circumstances.Consent;
import chaupal.conversation.Reply.Option;
import chaupal.tenancy.Catalog;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Subscribing by consent, STOP and START, the list of consents and its withdraw buttons, in every language. */
class UpdatesFlowTest {

  static final long NOW = 1_780_000_000_000L;
  static final Channel PUNJAB = DIRECTORY.channel("100000000000001").orElseThrow();
  static final Channel SAGAR = DIRECTORY.channel("100000000000004").orElseThrow();

  /** A citizen whose consents change with the actions of each turn, as the citizen's entity keeps them. */
  static final class Citizen {
    final Channel channel;
    ConversationState state;
    List<Consent> consents = new ArrayList<>();
    List<Circumstances.CitizenCase> cases = List.of();
    Turn last;
    long now = NOW;

    Citizen(Channel channel, String language) {
      this.channel = channel;
      this.state = new ConversationState(ConversationState.STAGE_MENU, language, true);
    }

    Turn send(Input input) {
      now += 60_000;
      last = ENGINE.handle(channel, state, null, input, new Circumstances(now, cases, null, consents, null, null));
      checked(last);
      state = last.next();
      for (Action action : last.actions()) apply(action);
      return last;
    }

    private void apply(Action action) {
      if (action instanceof Action.Subscribe s) {
        consents.removeIf(c -> c.topic().equals(s.topic()));
        consents.add(new Consent(s.topic(), now, s.source(), true, null));
      } else if (action instanceof Action.Unsubscribe u) {
        List<Consent> changed = new ArrayList<>();
        for (Consent c : consents) {
          boolean ends = c.active() && (u.topic() == null ? marketing(c.topic()) : u.topic().equals(c.topic()));
          changed.add(ends ? new Consent(c.topic(), c.sinceMillis(), c.source(), false, u.reason()) : c);
        }
        consents = changed;
      }
    }

    boolean marketing(String topic) {
      return DIRECTORY.tenantOf(channel).topic(topic).orElseThrow().isMarketing();
    }

    Turn say(String text) {
      return send(new Input.Text(text));
    }

    Turn tap(String idEnd) {
      Reply reply = last.replies().get(last.replies().size() - 1);
      for (Option option : options(reply)) {
        if (option.id().endsWith(idEnd)) return send(new Input.Choice(option.id(), option.title()));
      }
      throw new AssertionError("no option " + idEnd + " in " + reply);
    }

    String lastText() {
      return body(last.replies().get(last.replies().size() - 1));
    }

    List<String> active() {
      return consents.stream().filter(Consent::active).map(Consent::topic).toList();
    }
  }

  static Stream<Arguments> channelsAndLanguages() {
    return DIRECTORY.channels().stream().flatMap(c -> c.languages().stream().map(l -> Arguments.of(c, l)));
  }

  static Catalog catalog(Channel channel, String language) {
    return DIRECTORY.catalog(channel.tenantId(), language);
  }

  static Topic marketingTopic(Channel channel) {
    return DIRECTORY.tenantOf(channel).topics().stream().filter(Topic::isMarketing).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("channelsAndLanguages")
  void aCitizenSubscribesByTappingConsentAfterOneSentenceOfWhatAndHowToStop(Channel channel, String language) {
    Citizen citizen = new Citizen(channel, language);
    Topic topic = marketingTopic(channel);
    citizen.send(new Input.Choice("menu:updates", "x"));
    assertEquals(Updates.FLOW, citizen.state.flow());
    List<String> rows = options(citizen.last.replies().get(0)).stream().map(Option::title).toList();
    assertEquals(
        DIRECTORY.tenantOf(channel).topics().stream().map(t -> Prompt.Built.cut(t.name().in(language), Reply.ROW_TITLE_MAX)).toList(),
        rows);

    citizen.tap(":" + topic.id());
    String explained = citizen.lastText();
    assertTrue(explained.contains(topic.name().in(language)), explained);
    assertTrue(explained.contains(catalog(channel, language).text("updates.stop-by-word")), "says how to stop: " + explained);
    assertTrue(citizen.last.actions().isEmpty(), "nothing recorded before the tap");

    citizen.tap(":yes");
    Action.Subscribe subscribe = assertInstanceOf(Action.Subscribe.class, citizen.last.actions().get(0));
    assertEquals(topic.id(), subscribe.topic());
    assertEquals("chat", subscribe.source());
    assertEquals(language, subscribe.language());
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage());
    assertTrue(citizen.lastText().startsWith(catalog(channel, language).text("updates.subscribed",
        java.util.Map.of("topic_name", topic.name().in(language), "how_to_stop", catalog(channel, language).text("updates.stop-by-word")))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("channelsAndLanguages")
  void declineRecordsNothing(Channel channel, String language) {
    Citizen citizen = new Citizen(channel, language);
    citizen.send(new Input.Choice("menu:updates", "x"));
    citizen.tap(":" + marketingTopic(channel).id());
    citizen.tap(":no");
    assertTrue(citizen.last.actions().isEmpty());
    assertTrue(citizen.lastText().startsWith(catalog(channel, language).text("updates.declined")));
  }

  @Test
  void aTopicMayBeTypedByNameOrPlaceAndConsentByYes() {
    Citizen citizen = new Citizen(SAGAR, "hi");
    citizen.say("अपडेट");
    assertEquals(Updates.FLOW, citizen.state.flow());
    citizen.say("शहर के कार्यक्रम");
    assertEquals(Updates.CONSENT, citizen.state.stage());
    citizen.say("हाँ");
    assertEquals(List.of("city-events"), citizen.active());

    Citizen typed = new Citizen(SAGAR, "en");
    typed.say("get updates");
    typed.say("4");
    typed.say("yes");
    assertEquals(List.of("scheme-announcements"), typed.active());
  }

  @Test
  void aUtilityTopicSaysItStopsInTheListNotByStop() {
    Citizen citizen = new Citizen(SAGAR, "en");
    citizen.send(new Input.Choice("menu:updates", "x"));
    citizen.tap(":water-supply-schedule");
    assertTrue(citizen.lastText().contains(catalog(SAGAR, "en").text("updates.stop-in-list")));
    citizen.tap(":yes");
    citizen.say("STOP");
    assertEquals(List.of("water-supply-schedule"), citizen.active(), "STOP ends marketing subscriptions only");
    assertTrue(citizen.lastText().contains("Water supply schedule"), "the confirmation says what still comes: " + citizen.lastText());
  }

  static Stream<Arguments> stopWords() {
    return Stream.of("STOP", "stop", "Stop.", " stop! ", "STOP ALL", "Unsubscribe", "UNSUBSCRIBE", "रोकें", "रोको", "बंद करें",
            "बंद", "ਬੰਦ", "ਰੋਕੋ", "band karo", "Band Karo", "rokein", "ROKO", "बंद करो", "ਬੰਦ ਕਰੋ",
            // Spelt as people type them: slips, English in Devanagari or Gurmukhi, courtesy, texting shorthand.
            "unsubscibe", "Unsubcribe", "unsubscribe me", "opt out", "OPTOUT", "stop it", "Stop all messages", "please stop",
            "stop pls", "ਸਟਾਪ", "स्टॉप", "अनसब्सक्राइब", "बंद करे", "बंद करिए", "बंद कर दो", "band kardo", "bnd kro", "ਬੰਦ ਕਰੋ ਜੀ",
            "ਰੋਕ", "ਬੰਦ ਕਰ ਦਿਓ", "कृपया बंद करें")
        .flatMap(word -> Stream.of(Arguments.of(word, PUNJAB, "en"), Arguments.of(word, PUNJAB, "pa"), Arguments.of(word, SAGAR, "hi")));
  }

  @ParameterizedTest(name = "{0} on {1} in {2}")
  @MethodSource("stopWords")
  void stopInAnyScriptEndsEveryMarketingSubscriptionAndSaysHowToStartAgain(String word, Channel channel, String language) {
    Citizen citizen = subscribed(channel, language);
    citizen.say(word);
    assertEquals(List.of(new Action.Unsubscribe(null, "stop-word")), citizen.last.actions());
    String tenant = DIRECTORY.tenantOf(channel).name().in(language);
    assertTrue(citizen.lastText().startsWith(catalog(channel, language).text("updates.stopped", java.util.Map.of("tenant", tenant))),
        citizen.lastText());
    assertTrue(citizen.active().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"the water supply stopped", "stop the water leak near my house", "बंद पड़ी स्ट्रीट लाइट", "light band hai",
      "please stop the noise from the factory", "start", "ਬੰਦ ਪਈ ਲਾਈਟ", "subscribe", "please", "ji", "unsubscribed?? why"})
  void aSentenceThatMentionsStoppingIsNotAStop(String text) {
    Citizen citizen = subscribed(PUNJAB, "en");
    citizen.say(text);
    assertTrue(citizen.last.actions().stream().noneMatch(a -> a instanceof Action.Unsubscribe), text + ": " + citizen.last.actions());
    assertEquals(2, citizen.active().size());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("channelsAndLanguages")
  void stopInTheMiddleOfAComplaintEndsTheSubscriptionsAndKeepsTheDraft(Channel channel, String language) {
    Citizen citizen = subscribed(channel, language);
    citizen.send(new Input.Choice("menu:grievance", "x"));
    ConversationState draft = citizen.state;
    assertEquals(true, !draft.flow().equals(ConversationState.FLOW_MAIN), "in the grievance flow");
    citizen.say(language.equals("pa") ? "ਬੰਦ" : language.equals("hi") ? "रोकें" : "STOP");
    assertEquals(List.of(new Action.Unsubscribe(null, "stop-word")), citizen.last.actions());
    assertEquals(draft.flow(), citizen.state.flow());
    assertEquals(draft.stage(), citizen.state.stage());
    assertEquals(draft.answers(), citizen.state.answers());
    assertEquals(2, citizen.last.replies().size(), "the confirmation, then the question again");
  }

  @ParameterizedTest
  @ValueSource(strings = {"START", "start", "Resume", "शुरू", "ਸ਼ੁਰੂ", "shuru karo", "फिर से शुरू करें"})
  void startBringsBackWhatStopEnded(String word) {
    Citizen citizen = subscribed(PUNJAB, "en");
    citizen.say("stop");
    citizen.say(word);
    List<Action> actions = citizen.last.actions();
    assertEquals(2, actions.size(), actions.toString());
    for (Action action : actions) assertEquals("chat", assertInstanceOf(Action.Subscribe.class, action).source());
    assertEquals(2, citizen.active().size());
    assertTrue(citizen.lastText().startsWith("Welcome back."), citizen.lastText());
  }

  @Test
  void startBringsBackWhatMetasStopSettingEndedButNotAWithdrawal() {
    Citizen citizen = new Citizen(PUNJAB, "pa");
    citizen.consents =
        new ArrayList<>(List.of(
            new Consent("msewa-services", NOW - 9_000_000, "missed-call", false, "user-preferences"),
            new Consent("scheme-announcements", NOW - 9_000_000, "chat", false, "withdrawn")));
    citizen.say("ਸ਼ੁਰੂ");
    assertEquals(List.of("msewa-services"), citizen.last.actions().stream().map(a -> ((Action.Subscribe) a).topic()).toList());
  }

  @Test
  void startWithNothingToBringBackIsAGreeting() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.say("start");
    assertTrue(citizen.last.actions().isEmpty());
    assertEquals(catalog(PUNJAB, "en").text("menu.welcome-back"), citizen.lastText());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("channelsAndLanguages")
  void myConsentsListWhenAndHowEachWasGivenAndWithdrawEach(Channel channel, String language) {
    Citizen citizen = subscribed(channel, language);
    citizen.send(new Input.Choice("menu:subscriptions", "x"));
    Reply.ListReply list = assertInstanceOf(Reply.ListReply.class, citizen.last.replies().get(0));
    String source = catalog(channel, language).text("updates.source.chat");
    assertTrue(list.body().contains(source), list.body());
    List<Option> rows = options(list);
    assertEquals(2, rows.size());
    String first = citizen.active().get(0);
    citizen.tap(Updates.WITHDRAW_PREFIX + first);
    assertEquals(List.of(new Action.Unsubscribe(first, "withdrawn")), citizen.last.actions());
    assertFalse(citizen.active().contains(first));

    citizen.send(new Input.Choice(Updates.WITHDRAW_PREFIX + first, "x"));
    assertTrue(citizen.last.actions().isEmpty(), "an old button withdraws nothing twice");
  }

  @Test
  void mySubscriptionsTypedInHindiAndNoneYet() {
    Citizen citizen = new Citizen(SAGAR, "hi");
    citizen.say("मेरी सदस्यताएँ");
    assertTrue(citizen.lastText().startsWith(catalog(SAGAR, "hi").text("updates.none")), citizen.lastText());
  }

  /** Subscribed to two marketing topics (or one and a utility one where a tenant has one marketing topic). */
  static Citizen subscribed(Channel channel, String language) {
    Citizen citizen = new Citizen(channel, language);
    List<Topic> marketing = DIRECTORY.tenantOf(channel).topics().stream().filter(Topic::isMarketing).limit(2).toList();
    for (Topic topic : marketing) {
      citizen.send(new Input.Choice("menu:updates", "x"));
      citizen.tap(":" + topic.id());
      citizen.tap(":yes");
    }
    assertEquals(2, citizen.active().size());
    return citizen;
  }
}
