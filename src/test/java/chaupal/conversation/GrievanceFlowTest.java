package chaupal.conversation;

import static chaupal.conversation.ConversationEngineTest.DIRECTORY;
import static chaupal.conversation.ConversationEngineTest.ENGINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.conversation.Circumstances.CitizenCase;
import chaupal.conversation.Reply.ButtonsReply;
import chaupal.conversation.Reply.ListReply;
import chaupal.conversation.Reply.Option;
import chaupal.tenancy.Catalog;
import chaupal.tenancy.Channel;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The citizen side of a grievance on the shipped directory: file, track, emergencies, feedback. */
class GrievanceFlowTest {

  static final Channel PUNJAB = DIRECTORY.channel("100000000000001").orElseThrow();
  static final Channel GARIABAND = DIRECTORY.channel("100000000000002").orElseThrow();
  static final Channel SAGAR = DIRECTORY.channel("100000000000004").orElseThrow();

  /** 1 Dec 2026, 10:00 in India. */
  static final long NOW = ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, DueTime.INDIA).toInstant().toEpochMilli();

  static final Input.Location ZIRAKPUR = new Input.Location(30.6440, 76.8190, null, "VIP Road, Zirakpur");
  static final Input.Media PHOTO = new Input.Media("image", "1003383421387256", "image/jpeg", null);
  static final Input.Media VOICE = new Input.Media("audio", "1908647269898587", "audio/ogg; codecs=opus", null);

  /** A citizen on one channel: keeps the state, reserves case numbers as the entity does, counts messages. */
  static final class Citizen {
    final Channel channel;
    ConversationState state;
    List<CitizenCase> cases = List.of();
    int sent;
    int nextNumber = 4217;
    Turn last;

    Citizen(Channel channel, String language) {
      this.channel = channel;
      this.state = new ConversationState(ConversationState.STAGE_MENU, language, true);
    }

    String profileName;

    /** A citizen never seen on the channel. */
    Citizen(Channel channel) {
      this.channel = channel;
      this.state = ConversationState.NEW;
    }

    Citizen withProfile(String name) {
      profileName = name;
      return this;
    }

    Citizen named(String name) {
      state = new ConversationState(state.stage(), state.language(), true, state.flow(), state.answers(), Map.of("name", name));
      return this;
    }

    Turn send(Input input) {
      sent++;
      Circumstances circumstances = new Circumstances(NOW, cases, null, List.of(), profileName, null);
      Turn turn = ENGINE.handle(channel, state, null, input, circumstances);
      if (turn.needsCaseNumber().isPresent()) {
        Action.FileCase filing = turn.needsCaseNumber().get();
        String prefix = DIRECTORY.casePrefix(filing.tenant(), filing.ulb());
        String number = new CaseNumber(prefix, 26, nextNumber++).toString();
        Turn again = ENGINE.handle(channel, state, null, input, circumstances.withCaseNumber(number));
        assertEquals(turn.next(), again.next(), "the numbered turn goes where the first went");
        assertEquals(filing.withNumber(number), again.actions().get(0), "the same filing, with the number");
        turn = again;
      }
      checked(turn);
      state = turn.next();
      last = turn;
      return turn;
    }

    Turn say(String text) {
      return send(new Input.Text(text));
    }

    /** Taps {@code value} when the citizen is asked {@code stage}, else nothing. */
    void tapIfAt(String stage, String value) {
      if (state.stage().equals(stage)) tap(value);
    }

    /** Taps the button or row of the last reply whose id ends with {@code value} (a menu row by its id). */
    Turn tap(String value) {
      if (value.startsWith(MenuEntry.OPTION_PREFIX)) return send(new Input.Choice(value, "x"));
      for (Option option : options(lastReply())) {
        if (option.id().endsWith(":" + value) || option.id().equals(value)) return send(new Input.Choice(option.id(), option.title()));
      }
      throw new AssertionError("no option " + value + " in " + lastReply());
    }

    Reply lastReply() {
      return last.replies().get(last.replies().size() - 1);
    }

    String lastText() {
      return body(lastReply());
    }

    Action.FileCase filed() {
      return assertInstanceOf(Action.FileCase.class, last.actions().get(0));
    }
  }

  static void checked(Turn turn) {
    for (Reply reply : turn.replies()) {
      assertEquals(List.of(), reply.problems(), reply.toString());
      for (String text : ConversationEngineTest.texts(reply)) {
        assertFalse(text.matches("(?s).*\\{[a-z_]+}.*"), "unfilled placeholder in " + text);
      }
    }
  }

  static List<Option> options(Reply reply) {
    if (reply instanceof ButtonsReply b) return b.options();
    if (reply instanceof ListReply l) return l.sections().stream().flatMap(s -> s.rows().stream()).toList();
    return List.of();
  }

  static String body(Reply reply) {
    if (reply instanceof Reply.TextReply t) return t.body();
    if (reply instanceof ButtonsReply b) return b.body();
    if (reply instanceof ListReply l) return l.body();
    return ((Reply.LocationRequestReply) reply).body();
  }

  static Catalog catalog(Channel channel, String language) {
    return DIRECTORY.catalog(channel.tenantId(), language);
  }

  // ------------------------------------------------------------------ the sentence

  @Test
  void theSentenceFindsItsCategoryInEveryScript() {
    Map<String, String> sentences =
        Map.of("paani nahi aa raha", "water-sewerage", "पानी नहीं आ रहा", "water-sewerage",
            "street light kharab hai", "street-lights", "ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ", "garbage");
    for (String language : PUNJAB.languages()) {
      sentences.forEach((sentence, category) -> {
        Citizen citizen = new Citizen(PUNJAB, language);
        Turn turn = citizen.say(sentence);
        assertEquals(Grievance.FLOW, turn.next().flow(), sentence);
        ButtonsReply confirm = assertInstanceOf(ButtonsReply.class, citizen.lastReply(), sentence);
        assertEquals(2, confirm.options().size());
        assertEquals("grievance.category:" + category, confirm.options().get(0).id(), sentence);
        String name = DIRECTORY.categories("punjab").stream().filter(c -> c.id().equals(category)).findFirst().orElseThrow().name().in(language);
        assertTrue(confirm.body().contains(name), confirm.body());
      });
    }
  }

  @Test
  void pluralsObliqueFormsAndLoanWordsFindTheirCategory() {
    Map<String, String> sentences =
        Map.of("kutte bahut hain", "animals", "गली में आवारा कुत्ते", "animals", "ਸੀਵਰੇਜ ਬੰਦ ਹੈ", "water-sewerage",
            "सीवरेज का पानी", "water-sewerage", "sadak mein gadda hai", "roads", "ਕੂੜੇ ਦਾ ਢੇਰ", "garbage", "कूड़े का ढेर", "garbage");
    sentences.forEach((sentence, category) -> {
      Citizen citizen = new Citizen(PUNJAB, "en");
      citizen.say(sentence);
      List<String> ids = options(citizen.lastReply()).stream().map(Option::id).toList();
      assertEquals(List.of("grievance.category:" + category, "grievance.category:*other"), ids, sentence);
    });
  }

  @Test
  void aPhotoWhoseCaptionIsTheProblemStartsTheComplaintAndIsKept() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    citizen.send(new Input.Media("image", PHOTO.mediaId(), "image/jpeg", "paani nahi aa raha since two days"));
    assertEquals("grievance.category:water-sewerage", options(citizen.lastReply()).get(0).id());
    citizen.tap("water-sewerage");
    citizen.send(ZIRAKPUR);
    assertEquals("summary", citizen.state.stage(), "the photo is there: not asked again");
    citizen.tap("confirm");
    assertEquals("paani nahi aa raha since two days", citizen.filed().description());
    assertEquals(List.of(new Action.Attachment("image", PHOTO.mediaId(), "image/jpeg")), citizen.filed().attachments());

    Turn first = ENGINE.handle(PUNJAB, ConversationState.NEW, null,
        new Input.Media("audio", VOICE.mediaId(), VOICE.mimeType(), "ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ"), Circumstances.NONE);
    assertEquals(Grievance.FLOW, first.next().flow(), "a voice note with its words, on first contact");
    assertEquals("audio|" + VOICE.mediaId() + "|" + VOICE.mimeType(), first.next().answers().get("attachments"));
  }

  @Test
  void nothingMatchedAtTheMenuStillSaysSoAndOffersToComplain() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.say("what are your opening hours on sunday please");
    ListReply menu = assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals(catalog(PUNJAB, "en").text("unknown.text"), menu.body());
    assertEquals("menu:grievance", options(menu).get(0).id());
  }

  @Test
  void anUnsureSentenceOffersTheBestFewThenSomethingElseTheWholeList() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.say("light aur kachra dono");
    List<String> ids = options(citizen.lastReply()).stream().map(Option::id).toList();
    assertTrue(ids.contains("grievance.category:street-lights") && ids.contains("grievance.category:garbage"), ids.toString());
    citizen.tap("*other");
    ListReply all = assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals(10, options(all).size(), "nine categories and More");
    citizen.tap("*page:1");
    assertTrue(options(citizen.lastReply()).stream().anyMatch(o -> o.id().endsWith(":canal-water-project")));
  }

  @Test
  void everyTenantsListsAreWithinTheLimitsInEveryLanguage() {
    int checked = 0;
    for (Channel channel : DIRECTORY.channels()) {
      var tenant = DIRECTORY.tenantOf(channel);
      String flow = Grievance.isSamvad(tenant) ? Grievance.SAMVAD : Grievance.FLOW;
      for (String language : channel.languages()) {
        List<Map<String, String>> drafts = new ArrayList<>(List.of(Map.of(), Map.of("_page", "1")));
        for (var category : tenant.categories()) {
          drafts.add(Map.of("category", category.id()));
          drafts.add(Map.of("category", category.id(), "_page", "1"));
          drafts.add(Map.of("_sure", category.id()));
        }
        for (Map<String, String> answers : drafts) {
          for (String stage : List.of("category", "subtype", "department")) {
            if (flow.equals(Grievance.SAMVAD) && stage.equals("subtype")) continue;
            Turn turn = ENGINE.handle(channel, new ConversationState(stage, language, true, flow, answers), null,
                new Input.Other("sticker"), Circumstances.NONE);
            checked(turn);
            checked++;
          }
        }
        Map<String, String> long_ = Map.of("category", tenant.categories().get(0).id(), "description", "x".repeat(2000),
            "address", "y".repeat(900), "landmark", "z".repeat(300), "name", "N".repeat(60), "photo_count", "12");
        if (flow.equals(Grievance.FLOW)) {
          checked(ENGINE.handle(channel, new ConversationState("summary", language, true, flow, long_), null, new Input.Other("x"),
              Circumstances.NONE));
        }
      }
    }
    assertTrue(checked > 800, "checked " + checked);
  }

  // ------------------------------------------------------------------ few messages

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void fromTheSentenceToTheNumberInFiveMessages(String language) {
    Citizen citizen = new Citizen(PUNJAB, language).named("Asha Rani");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    assertInstanceOf(Reply.LocationRequestReply.class, citizen.lastReply(), "the town: by location");
    citizen.send(ZIRAKPUR);
    assertTrue(citizen.lastText().contains(DIRECTORY.ulb("pb.zirakpur").orElseThrow().name(language)), citizen.lastText());
    citizen.send(PHOTO);
    assertTrue(citizen.lastText().contains("Asha Rani"), "the summary names the remembered name: " + citizen.lastText());
    citizen.tap("confirm");
    assertEquals(5, citizen.sent);

    Action.FileCase filed = citizen.filed();
    assertEquals("ZRK-26-004217", filed.caseNumber());
    assertEquals("punjab", filed.tenant());
    assertEquals("pb.zirakpur", filed.ulb());
    assertEquals("complaint", filed.kind());
    assertEquals("water-sewerage", filed.category());
    assertEquals("NoWaterSupply", filed.subType(), "the sentence picks the sub-type");
    assertEquals("water-sewerage", filed.department());
    assertEquals("paani nahi aa raha", filed.description());
    assertEquals(30.6440, filed.latitude());
    assertEquals(76.8190, filed.longitude());
    assertEquals("VIP Road, Zirakpur", filed.address());
    assertEquals(List.of(new Action.Attachment("image", PHOTO.mediaId(), "image/jpeg")), filed.attachments());
    assertEquals("Asha Rani", filed.citizenName());
    assertEquals(language, filed.language());

    String ack = body(citizen.lastReply());
    assertTrue(ack.contains("ZRK-26-004217"), ack);
    assertTrue(ack.contains(DIRECTORY.department("punjab", "water-sewerage").orElseThrow().name().in(language)), ack);
    // 96 hours after 1 Dec 10 am: 5 Dec, 10 am.
    String due = Map.of("en", "5 Dec, 10 am", "hi", "5 दिसंबर, सुबह 10 बजे", "pa", "5 ਦਸੰਬਰ, ਸਵੇਰੇ 10 ਵਜੇ").get(language);
    assertTrue(ack.contains(due), ack);
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage());
  }

  @Test
  void aFirstTimeCitizenWithAWhatsAppProfileNameReachesTheNumberInFiveMessages() {
    Citizen citizen = new Citizen(PUNJAB).withProfile("  Asha Rani ");
    citizen.say("पानी नहीं आ रहा");
    assertEquals("hi", citizen.state.language(), "the script says Hindi: no language buttons first");
    assertTrue(citizen.last.replies().stream().anyMatch(r -> body(r).contains("गोपनीयता") || body(r).length() > 0));
    citizen.tap("water-sewerage");
    citizen.send(ZIRAKPUR);
    citizen.send(PHOTO);
    assertTrue(citizen.lastText().contains("Asha Rani"), "the summary shows the profile's name to edit: " + citizen.lastText());
    citizen.tap("confirm");
    assertEquals("Asha Rani", citizen.filed().citizenName());
    assertTrue(citizen.sent <= 5, "messages of the citizen's own: " + citizen.sent);
  }

  @Test
  void aProfileNameThatIsNoNameIsAskedFor() {
    Citizen citizen = new Citizen(PUNJAB, "en").withProfile("\uD83D\uDE42");
    citizen.say("street light kharab hai");
    citizen.tap("street-lights");
    citizen.tapIfAt("subtype", "StreetLightNotWorking");
    citizen.send(ZIRAKPUR);
    citizen.tap("skip");
    assertEquals("name", citizen.state.stage(), "an emoji is not a name");
  }

  @Test
  void theNameIsAskedOnceAndRemembered() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.say("street light kharab hai");
    citizen.tap("street-lights");
    citizen.tapIfAt("subtype", "StreetLightNotWorking");
    citizen.send(ZIRAKPUR);
    citizen.tap("skip");
    assertEquals("name", citizen.state.stage());
    citizen.say("Gurpreet Kaur");
    citizen.tap("confirm");
    assertEquals("Gurpreet Kaur", citizen.filed().citizenName());
    assertEquals("Gurpreet Kaur", citizen.state.remembered().get("name"));

    citizen.say("ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ");
    citizen.tap("garbage");
    citizen.tapIfAt("subtype", "GarbageNeedsTobeCleared");
    citizen.send(ZIRAKPUR);
    citizen.tap("skip");
    assertEquals("summary", citizen.state.stage(), "no second time");
  }

  // ------------------------------------------------------------------ free text at every step

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void everyStepTakesFreeText(String language) {
    Citizen citizen = new Citizen(PUNJAB, language);
    citizen.tap("menu:grievance");
    assertEquals("category", citizen.state.stage());
    citizen.say("kooda pada hai gali mein");
    assertEquals("subtype", citizen.state.stage(), "the category from the words; the sub-type list next");
    citizen.say("कूड़ा उठाना है");
    assertEquals("ulb", citizen.state.stage());
    citizen.say("zirakpr");
    assertTrue(citizen.lastText().contains(DIRECTORY.ulb("pb.zirakpur").orElseThrow().name(language)), "did you mean: " + citizen.lastText());
    citizen.say(language.equals("en") ? "yes" : language.equals("hi") ? "हाँ" : "ਹਾਂ");
    assertEquals("pb.zirakpur", citizen.state.answers().get("ulb"));
    assertEquals("place", citizen.state.stage(), "the description came with the sentence");
    citizen.say("House 12, Lohgarh Road");
    assertEquals("landmark", citizen.state.stage());
    citizen.say("near the gurdwara");
    assertEquals("photos", citizen.state.stage());
    citizen.say("nahi");
    citizen.say("Harjit Singh");
    assertEquals("summary", citizen.state.stage());
    citizen.say("haan");
    Action.FileCase filed = citizen.filed();
    assertEquals("garbage", filed.category());
    assertEquals("GarbageNeedsTobeCleared", filed.subType());
    assertEquals("sanitation", filed.department());
    assertEquals("House 12, Lohgarh Road", filed.address());
    assertEquals("near the gurdwara", filed.landmark());
    assertNull(filed.latitude());
    assertEquals("kooda pada hai gali mein", filed.description());
  }

  @Test
  void aMenuOrLanguageWordInsideAnAnswerDoesNotLeaveTheFlow() {
    Citizen citizen = new Citizen(PUNJAB, "hi").named("Asha");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    citizen.say("Zirakpur city");
    assertEquals("pb.zirakpur", citizen.state.answers().get("ulb"), "\"city\" is part of the town, not the areas row");
    citizen.say("House 12, Lohgarh Road");
    citizen.say("Punjabi Bagh");
    assertEquals("Punjabi Bagh", citizen.state.answers().get("landmark"), "a place, not the language");
    assertEquals("hi", citizen.state.language());
    assertEquals("photos", citizen.state.stage());

    Citizen other = new Citizen(PUNJAB, "en").named("Asha");
    other.say("paani nahi aa raha");
    other.tap("water-sewerage");
    other.say("Zirakpur");
    other.say("Lohgarh Road");
    other.say("near city hospital");
    assertEquals("near city hospital", other.state.answers().get("landmark"));
    other.say("city");
    assertEquals(ConversationState.STAGE_MENU, other.state.stage(), "the whole message still opens the row");
  }

  @Test
  void invisibleControlAndHugeTextNeverReachesTheCase() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    citizen.tap("menu:grievance");
    citizen.tap("water-sewerage");
    citizen.tap("NoWaterSupply");
    citizen.say("Zirakpur");
    citizen.say("\u200F".repeat(12));
    assertEquals("description", citizen.state.stage(), "right-to-left marks are no description");
    citizen.say("\uD83D\uDE42".repeat(12));
    assertEquals("description", citizen.state.stage(), "emoji alone are no description");
    citizen.say("No water\u0000 since\u001b[31m Monday\uD800 \u202Eevening\u202C\r\n" + "x".repeat(70_000));
    String description = citizen.state.answers().get("description");
    assertTrue(description.startsWith("No water since[31m Monday evening\nxxx"), description.substring(0, 40));
    assertTrue(description.length() <= TypedText.MAX_LENGTH, "cut to what WhatsApp carries: " + description.length());
    citizen.say("\uD83D\uDE42\uD83D\uDE42\uD83D\uDE42");
    assertEquals("place", citizen.state.stage(), "emoji are no address");
    citizen.say("\u202EHouse 12\u202C");
    citizen.say("\u200B\uFEFF");
    assertEquals("photos", citizen.state.stage());
    assertEquals("", citizen.state.answers().get("landmark"), "nothing visible is no landmark");
    citizen.tap("skip");
    citizen.tap("confirm");
    Action.FileCase filed = citizen.filed();
    assertEquals("House 12", filed.address());
    assertNull(filed.landmark());
    assertFalse(filed.description().chars().anyMatch(c -> c == 0 || c == 0x1b || Character.isSurrogate((char) c) || c == 0x202E));
    assertEquals("Asha Rani", Grievance.plausibleName("\u202EAsha Rani\u202C\u0000"));
  }

  @Test
  void aTownTypedInAnyScriptIsTakenAtOnce() {
    for (String town : List.of("Zirakpur", "ज़ीरकपुर", "ਜ਼ੀਰਕਪੁਰ")) {
      Citizen citizen = new Citizen(PUNJAB, "pa");
      citizen.say("paani nahi aa raha");
      citizen.tap("water-sewerage");
      citizen.say(town);
      assertEquals("pb.zirakpur", citizen.state.answers().get("ulb"), town);
      assertInstanceOf(Reply.LocationRequestReply.class, citizen.lastReply(), "the place is asked: " + town);
    }
  }

  @Test
  void aTownKnownByAnotherNameIsFoundByItButShownByItsOwn() {
    Map<String, String> known = Map.of("SAS Nagar", "pb.mohali", "sas nagar", "pb.mohali", "Rupnagar", "pb.ropar",
        "Bhatinda", "pb.bathinda", "Sri Muktsar Sahib", "pb.muktsar", "Qadian", "pb.quadian", "SBS Nagar", "pb.nawanshahr");
    known.forEach((town, code) -> {
      Citizen citizen = new Citizen(PUNJAB, "en");
      citizen.say("paani nahi aa raha");
      citizen.tap("water-sewerage");
      citizen.say(town);
      assertEquals(code, citizen.state.answers().get("ulb"), town);
    });
  }

  @Test
  void aTownWrittenAsTwoWordsIsTheOneNameTheDirectoryJoins() {
    for (String town : List.of("Dera Bassi", "डेरा बस्सी", "ਡੇਰਾ ਬੱਸੀ", "I live in Dera Bassi")) {
      Citizen citizen = new Citizen(PUNJAB, "en");
      citizen.say("paani nahi aa raha");
      citizen.tap("water-sewerage");
      citizen.say(town);
      assertEquals("pb.derabassi", citizen.state.answers().get("ulb"), town);
    }
  }

  @Test
  void aLocationFarFromEveryTownAsksForTheName() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    citizen.send(new Input.Location(19.07, 72.88, null, null));
    assertEquals("ulb", citizen.state.stage());
    assertTrue(citizen.lastText().startsWith(catalog(PUNJAB, "en").text("grievance.town-far")));
  }

  @Test
  void aVoiceNoteIsTheDescriptionAndPhotosAreKept() {
    Citizen citizen = new Citizen(PUNJAB, "hi").named("Ramesh");
    citizen.tap("menu:grievance");
    citizen.tap("roads");
    citizen.tap(options(citizen.lastReply()).get(0).id());
    citizen.send(ZIRAKPUR);
    assertEquals("description", citizen.state.stage());
    citizen.send(VOICE);
    assertEquals("photos", citizen.state.stage(), "the voice note is the description; the location gave the place");
    citizen.send(PHOTO);
    citizen.send(new Input.Media("image", "2003383421387256", "image/jpeg", null));
    assertTrue(citizen.lastText().startsWith(catalog(PUNJAB, "hi").text("grievance.photo-added")));
    citizen.tap("confirm");
    Action.FileCase filed = citizen.filed();
    assertEquals(List.of("audio", "image", "image"), filed.attachments().stream().map(Action.Attachment::kind).toList());
    assertEquals("", filed.description());
  }

  @Test
  void editLetsTheCitizenChangeTheDescriptionAndComesBackToTheSummary() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    citizen.send(ZIRAKPUR);
    citizen.tap("skip");
    citizen.tap("edit");
    citizen.tap("description");
    citizen.say("No water in Block B since Monday morning");
    assertEquals("summary", citizen.state.stage());
    assertTrue(citizen.lastText().contains("No water in Block B"));
    citizen.tap("edit");
    citizen.tap("category");
    assertEquals("category", citizen.state.stage());
    citizen.tap("drains");
    citizen.tap("CleaningOfDrains");
    assertEquals("summary", citizen.state.stage());
    citizen.tap("confirm");
    assertEquals("drains", citizen.filed().category());
    assertEquals("No water in Block B since Monday morning", citizen.filed().description());
  }

  // ------------------------------------------------------------------ emergencies

  @Test
  void anEmergencyAtAMiddleStageGetsTheNumbersFirstAndTheCitizenStays() {
    Citizen citizen = new Citizen(PUNJAB, "pa").named("Asha");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    citizen.send(ZIRAKPUR);
    ConversationState atPhotos = citizen.state;
    Turn turn = citizen.say("ਅੱਗ ਲੱਗੀ ਹੈ ਮਦਦ");
    String first = body(turn.replies().get(0));
    assertTrue(first.contains("112") && first.contains(DIRECTORY.tenantOf(PUNJAB).helpline().phone()), first);
    assertEquals(2, turn.replies().size());
    assertEquals(atPhotos, turn.next(), "still at the photos");
    assertEquals(List.of(), turn.actions());
  }

  @Test
  void anEmergencyThatIsAlsoAComplaintGetsTheNumbersAndStartsIt() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    Turn turn = citizen.say("fire in the garbage heap behind the park");
    assertTrue(body(turn.replies().get(0)).contains("112"), "the numbers first");
    assertEquals(Grievance.FLOW, turn.next().flow(), "and the complaint besides");
    assertEquals("grievance.category:garbage", options(citizen.lastReply()).get(0).id());

    Turn first = ENGINE.handle(PUNJAB, ConversationState.NEW, null, new Input.Text("ਗਲੀ ਵਿੱਚ ਕੂੜਾ ਪਿਆ ਹੈ, ਅੱਗ ਲੱਗੀ ਹੈ"), Circumstances.NONE);
    assertTrue(body(first.replies().get(0)).contains("112"));
    assertEquals(Grievance.FLOW, first.next().flow(), "a first message too, in the language of its script");
    assertEquals("pa", first.next().language());
  }

  @Test
  void aTenantAddsItsOwnEmergencyNumbers() {
    Citizen citizen = new Citizen(SAGAR, "hi");
    Turn turn = citizen.say("यहाँ आग लगी है");
    String first = body(turn.replies().get(0));
    assertTrue(first.contains("112") && first.contains("101") && first.contains("108"), first);
    assertFalse(body(ENGINE.handle(PUNJAB, new Citizen(PUNJAB, "hi").state, null, new Input.Text("यहाँ आग लगी है"), Circumstances.NONE)
        .replies().get(0)).contains("108"), "only Sagar's text names them");
  }

  @Test
  void anEmergencyOnFirstContactGoesBeforeTheNotice() {
    Turn turn = ENGINE.handle(PUNJAB, ConversationState.NEW, null, new Input.Text("accident on the highway"), Circumstances.NONE);
    assertTrue(body(turn.replies().get(0)).contains("112"));
    assertEquals(3, turn.replies().size(), "numbers, privacy notice, language buttons");
  }

  // ------------------------------------------------------------------ tracking

  static CitizenCase openCase(String number, String status) {
    return new CitizenCase(number, "water-sewerage", "NoWaterSupply", "pb.jalandhar", "water-sewerage", status, NOW - 3_600_000,
        NOW + 96 * 3_600_000L, NOW, null);
  }

  @Test
  void aCaseNumberInsideASentenceGetsItsStatusAtAnyStage() {
    Citizen citizen = new Citizen(PUNJAB, "hi");
    citizen.cases = List.of(openCase("JAL-26-004217", "in-progress"), openCase("JAL-26-004218", "assigned"));
    citizen.say("मेरी शिकायत JAL-26-004217 का क्या हुआ?");
    String text = citizen.lastText();
    assertTrue(text.contains("JAL-26-004217") && text.contains(catalog(PUNJAB, "hi").text("status.in-progress")), text);
    assertFalse(text.contains("JAL-26-004218"));

    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    ConversationState midway = citizen.state;
    Turn turn = citizen.say("jal 26 004218");
    assertTrue(body(turn.replies().get(0)).contains(catalog(PUNJAB, "hi").text("status.assigned")));
    assertEquals(midway, turn.next(), "the draft is kept");
  }

  @Test
  void anotherCitizensOrAnUnknownNumberIsNotShown() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.cases = List.of(openCase("JAL-26-004217", "in-progress"));
    citizen.say("status of ZRK-26-000001 please");
    assertTrue(citizen.lastText().contains(catalog(PUNJAB, "en").text("track.unknown", Map.of("case_number", "ZRK-26-000001"))));
  }

  @Test
  void allOpenCasesAreListedTwelveOfThem() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    List<CitizenCase> cases = new ArrayList<>();
    IntStream.rangeClosed(1, 12).forEach(i -> cases.add(openCase(String.format("JAL-26-%06d", i), "registered")));
    cases.add(openCase("JAL-26-000099", "closed-resolved"));
    citizen.cases = cases;
    citizen.say("status");
    ListReply list = assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals(10, options(list).size());
    assertTrue(list.body().contains("12"), list.body());
    assertTrue(list.body().contains("JAL-26-000011") && list.body().contains("JAL-26-000012"), list.body());
    assertFalse(list.body().contains("JAL-26-000099"), "closed ones are not open");
    citizen.tap("track:JAL-26-000003");
    assertTrue(citizen.lastText().startsWith("Complaint JAL-26-000003"), citizen.lastText());

    citizen.tap("menu:track");
    assertInstanceOf(ListReply.class, citizen.lastReply());
    citizen.say("ਮੇਰੀਆਂ ਸ਼ਿਕਾਇਤਾਂ");
    assertInstanceOf(ListReply.class, citizen.lastReply());
  }

  // ------------------------------------------------------------------ determinism

  @Test
  void theSameTurnTwiceGivesTheSameResult() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    citizen.say("paani nahi aa raha");
    citizen.tap("water-sewerage");
    citizen.send(ZIRAKPUR);
    citizen.send(PHOTO);
    Input confirm = new Input.Choice("grievance.summary:confirm", "Confirm");
    Circumstances circumstances = new Circumstances(NOW, List.of(), null);
    Turn first = ENGINE.handle(PUNJAB, citizen.state, null, confirm, circumstances);
    assertEquals(first, ENGINE.handle(PUNJAB, citizen.state, null, confirm, circumstances));
    assertNull(first.needsCaseNumber().orElseThrow().caseNumber());
    Turn numbered = ENGINE.handle(PUNJAB, citizen.state, null, confirm, circumstances.withCaseNumber("ZRK-26-000777"));
    assertEquals(numbered, ENGINE.handle(PUNJAB, citizen.state, null, confirm, circumstances.withCaseNumber("ZRK-26-000777")));
    assertTrue(numbered.needsCaseNumber().isEmpty());
    assertTrue(body(numbered.replies().get(0)).contains("ZRK-26-000777"));
  }

  // ------------------------------------------------------------------ Samvad 24x7 and MP15

  @ParameterizedTest
  @ValueSource(strings = {"hi", "en"})
  void samvadAsksNameAddressAndTheQuestionThenKindAndDepartment(String language) {
    Citizen citizen = new Citizen(GARIABAND, language);
    citizen.say("namaste");
    assertEquals("name", citizen.state.stage());
    citizen.say("Sunita Sahu");
    citizen.say("Ward 4, Chhura");
    citizen.say("हमारे गाँव में हैंडपंप खराब है, पानी नहीं मिल रहा");
    ButtonsReply kinds = assertInstanceOf(ButtonsReply.class, citizen.lastReply());
    assertEquals(List.of("मांग", "समस्या", "सुझाव"), language.equals("hi") ? kinds.options().stream().map(Option::title).toList()
        : List.of("मांग", "समस्या", "सुझाव"));
    citizen.tap("problem");
    assertInstanceOf(ListReply.class, citizen.lastReply(), "the departments");
    citizen.tap("drinking-water");
    assertEquals(6, citizen.sent);
    Action.FileCase filed = citizen.filed();
    assertEquals("GRB-26-004217", filed.caseNumber());
    assertEquals("problem", filed.kind());
    assertEquals("drinking-water", filed.department());
    assertEquals("Ward 4, Chhura", filed.address());
    assertEquals("Sunita Sahu", filed.citizenName());
    String ack = citizen.lastText();
    assertTrue(ack.contains("GRB-26-004217") && ack.contains(language.equals("hi") ? "4 दिसंबर" : "4 Dec"), ack);

    citizen.say("hello");
    assertEquals("description", citizen.state.stage(), "name and address are remembered");
  }

  @Test
  void mp15ResolvesWithinADay() {
    Citizen citizen = new Citizen(SAGAR, "hi").named("Rakesh");
    citizen.say("पानी नहीं आ रहा");
    citizen.tap("water");
    assertInstanceOf(Reply.LocationRequestReply.class, citizen.lastReply(), "no towns to choose: the place");
    citizen.send(new Input.Location(23.8388, 78.7378, null, null));
    citizen.tap("skip");
    citizen.tap("confirm");
    assertEquals("SGR-26-004217", citizen.filed().caseNumber());
    assertEquals("water-supply", citizen.filed().department());
    assertTrue(citizen.lastText().contains("2 दिसंबर, सुबह 10 बजे"), citizen.lastText());
  }

  // ------------------------------------------------------------------ notices and feedback

  static final Channel WITH_TEMPLATE =
      new Channel(PUNJAB.phoneNumberId(), PUNJAB.displayNumber(), PUNJAB.name(), PUNJAB.tenantId(), PUNJAB.languages(), 80,
          List.of(new Channel.Template("case-update", "hi", "case_update_hi", "hi", List.of("case_number", "status", "due")),
              new Channel.Template("case-update", "en", "case_update_en", "en_US", List.of("case_number", "status", "note", "department"))));

  @Test
  void everyStepReachesTheCitizenInTheirLanguageWithItsTemplate() {
    long due = NOW + 96 * 3_600_000L;
    for (String language : PUNJAB.languages()) {
      for (String step : CaseNotice.STEPS) {
        Notice notice = ENGINE.notice(WITH_TEMPLATE, language, new CaseNotice("JAL-26-004217", step, "Pipe replaced", true, "water-sewerage", due, NOW));
        assertEquals(List.of(), notice.reply().problems());
        assertTrue(body(notice.reply()).contains("JAL-26-004217"), step);
        assertNotNull(notice.template());
      }
    }
    Notice hindi = ENGINE.notice(WITH_TEMPLATE, "hi", new CaseNotice("JAL-26-004217", "started", null, false, "water-sewerage", due, NOW));
    assertEquals("case_update_hi", hindi.template().name());
    assertEquals(List.of("JAL-26-004217", catalog(PUNJAB, "hi").text("status.in-progress"), "5 दिसंबर, सुबह 10 बजे"), hindi.parameters());
    Notice punjabi = ENGINE.notice(WITH_TEMPLATE, "pa", new CaseNotice("JAL-26-004217", "rejected", "Not our area", false, "water-sewerage", 0, NOW));
    assertEquals("case_update_en", punjabi.template().name(), "no Punjabi template: the channel's default language");
    assertEquals(List.of("JAL-26-004217", catalog(PUNJAB, "pa").text("status.rejected"), "Not our area",
        DIRECTORY.department("punjab", "water-sewerage").orElseThrow().name().in("pa")), punjabi.parameters());
    Channel withoutTemplates = new Channel(PUNJAB.phoneNumberId(), PUNJAB.displayNumber(), PUNJAB.name(), PUNJAB.tenantId(),
        PUNJAB.languages(), PUNJAB.messagesPerSecond());
    assertNull(ENGINE.notice(withoutTemplates, "en", new CaseNotice("JAL-26-004217", "assigned", null, false, null, 0, NOW)).template());
  }

  @Test
  void resolvedThenRatedClosesAndNotResolvedReopens() {
    Notice resolved = ENGINE.notice(PUNJAB, "pa", new CaseNotice("JAL-26-004217", "resolved", "Pipe replaced", true, "water-sewerage", 0, NOW));
    ButtonsReply buttons = assertInstanceOf(ButtonsReply.class, resolved.reply());
    assertEquals(List.of("case:JAL-26-004217:yes", "case:JAL-26-004217:no"), buttons.options().stream().map(Option::id).toList());

    Citizen happy = new Citizen(PUNJAB, "pa");
    happy.say("paani nahi aa raha");
    happy.send(new Input.Choice("case:JAL-26-004217:yes", "x"));
    assertEquals(5, options(happy.lastReply()).size(), "1 to 5");
    happy.say("੫");
    assertEquals(List.of(new Action.RateCase("JAL-26-004217", 5)), happy.last.actions());
    assertEquals(ConversationState.STAGE_MENU, happy.state.stage());

    Citizen unhappy = new Citizen(PUNJAB, "en");
    unhappy.send(new Input.Choice("case:JAL-26-004217:no", "x"));
    unhappy.say("Still no water in the evening");
    assertEquals(List.of(new Action.ReopenCase("JAL-26-004217", "Still no water in the evening")), unhappy.last.actions());

    Citizen brief = new Citizen(PUNJAB, "hi");
    brief.send(new Input.Choice("case:JAL-26-004217:no", "x"));
    brief.tap("skip");
    assertEquals(List.of(new Action.ReopenCase("JAL-26-004217", null)), brief.last.actions());
  }

  @Test
  void aTypedYesOrNoAtTheMenuAnswersTheOneResolvedCase() {
    Citizen unhappy = new Citizen(PUNJAB, "hi");
    unhappy.cases = List.of(openCase("JAL-26-004217", "resolved"), openCase("JAL-26-004218", "assigned"));
    unhappy.say("नहीं");
    unhappy.say("Still no water in the evening");
    assertEquals(List.of(new Action.ReopenCase("JAL-26-004217", "Still no water in the evening")), unhappy.last.actions());

    Citizen happy = new Citizen(PUNJAB, "pa");
    happy.cases = List.of(openCase("JAL-26-004217", "resolved"));
    happy.say("haan");
    happy.say("4");
    assertEquals(List.of(new Action.RateCase("JAL-26-004217", 4)), happy.last.actions());

    Citizen two = new Citizen(PUNJAB, "en");
    two.cases = List.of(openCase("JAL-26-004217", "resolved"), openCase("JAL-26-004218", "resolved"));
    two.say("no");
    assertEquals(ConversationState.STAGE_MENU, two.state.stage(), "two resolved cases: which one is not known");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abhi tak theek nahi hua", "still not fixed", "अभी तक ठीक नहीं हुआ", "ठीक नहीं हुआ", "ਹਾਲੇ ਠੀਕ ਨਹੀਂ ਹੋਇਆ",
      "not resolved", "nahi hua hal"})
  void aSentenceSayingTheRepairDidNotHoldAnswersNo(String text) {
    Citizen citizen = new Citizen(PUNJAB, "hi");
    citizen.cases = List.of(openCase("JAL-26-004217", "resolved"));
    citizen.say(text);
    citizen.say("Still no water in the evening");
    assertEquals(List.of(new Action.ReopenCase("JAL-26-004217", "Still no water in the evening")), citizen.last.actions(), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"theek ho gaya", "ठीक हो गया", "ਠੀਕ ਹੋ ਗਿਆ", "fixed thank you"})
  void aSentenceSayingItIsFixedAnswersYes(String text) {
    Citizen citizen = new Citizen(PUNJAB, "pa");
    citizen.cases = List.of(openCase("JAL-26-004217", "resolved"));
    citizen.say(text);
    citizen.say("5");
    assertEquals(List.of(new Action.RateCase("JAL-26-004217", 5)), citizen.last.actions(), text);
  }

  @Test
  void aNewComplaintWithANegationIsNotAnAnswerToTheResolvedNotice() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.cases = List.of(openCase("JAL-26-004217", "resolved"));
    citizen.say("paani nahi aa raha");
    assertTrue(citizen.last.actions().stream().noneMatch(a -> a instanceof Action.ReopenCase), citizen.last.actions().toString());
    assertNotEquals(Feedback.FLOW, citizen.state.flow());
  }

  @Test
  void oldStatesReadAndWriteAsBefore() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals("{\"stage\":\"menu\",\"language\":\"pa\",\"privacyNoticeGiven\":true}",
        json.writeValueAsString(new ConversationState(ConversationState.STAGE_MENU, "pa", true)));
    ConversationState remembered =
        new ConversationState("menu", "pa", true, ConversationState.FLOW_MAIN, Map.of(), Map.of("name", "Asha"));
    assertEquals(remembered, json.readValue(json.writeValueAsString(remembered), ConversationState.class));
  }
}
