package chaupal.conversation;

import static chaupal.conversation.GrievanceFlowTest.GARIABAND;
import static chaupal.conversation.GrievanceFlowTest.PHOTO;
import static chaupal.conversation.GrievanceFlowTest.PUNJAB;
import static chaupal.conversation.GrievanceFlowTest.VOICE;
import static chaupal.conversation.GrievanceFlowTest.ZIRAKPUR;
import static chaupal.conversation.GrievanceFlowTest.catalog;
import static chaupal.conversation.GrievanceFlowTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.conversation.GrievanceFlowTest.Citizen;
import chaupal.conversation.Reply.ButtonsReply;
import chaupal.conversation.Reply.ListReply;
import chaupal.conversation.Reply.Option;
import chaupal.tenancy.Catalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A photo or voice note sent at the menu without a caption: asked about (many are greetings), then
 * filed with the complaint on "Report a problem", dropped on "No" or anything else.
 */
class MediaQuestionTest {

  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

  private static Input.Media photo(int n) {
    return new Input.Media("image", "30033834213872" + (10 + n), "image/jpeg", null);
  }

  private static Action.Attachment attachment(Input.Media media) {
    return new Action.Attachment(media.kind(), media.mediaId(), media.mimeType());
  }

  /** A citizen at the Punjab menu who sent {@code media} and was asked about it. */
  private static Citizen askedAbout(Input.Media media, String language) {
    Citizen citizen = new Citizen(PUNJAB, language).named("Asha");
    citizen.send(media);
    assertAsked(citizen, language);
    return citizen;
  }

  /** The one question: its text in the citizen's language and the two buttons, nothing filed. */
  private static void assertAsked(Citizen citizen, String language) {
    Catalog catalog = catalog(citizen.channel, language);
    ButtonsReply asked = assertInstanceOf(ButtonsReply.class, citizen.lastReply());
    assertEquals(catalog.text("media-question.ask"), asked.body());
    assertEquals(
        List.of(catalog.text("media-question.report"), catalog.text("media-question.menu")),
        asked.options().stream().map(Option::title).toList());
    assertEquals(ConversationState.STAGE_MEDIA_QUESTION, citizen.state.stage());
    assertEquals(List.of(), citizen.last.actions());
  }

  /** After "Report a problem": the problem in words first, its category confirmed with one tap, then the location. */
  private static void describeTheRest(Citizen citizen) {
    assertTrue(citizen.lastText().endsWith(catalog(citizen.channel, citizen.state.language()).text("grievance.describe")),
        citizen.lastText());
    citizen.say("paani nahi aa raha since two days");
    assertEquals("grievance.category:water-sewerage", options(citizen.lastReply()).get(0).id(), "the category from the words");
    citizen.tap("water-sewerage");
    firstSubType(citizen);
    citizen.send(ZIRAKPUR);
    assertEquals("summary", citizen.state.stage(), "the photos are there: not asked for again");
  }

  /** Taps "Report a problem" on the question, which may be above the last reply. */
  private static void report(Citizen citizen) {
    String language = citizen.state.language();
    citizen.send(new Input.Choice("main.media-question:" + MainMenu.REPORT, catalog(citizen.channel, language).text("media-question.report")));
  }

  /** "Report a problem", the rest of the complaint, and Confirm: what was filed. */
  private static Action.FileCase reportAndFile(Citizen citizen) {
    report(citizen);
    describeTheRest(citizen);
    citizen.tap("confirm");
    return citizen.filed();
  }

  private static void firstSubType(Citizen citizen) {
    if (citizen.state.stage().equals("subtype")) citizen.tap(options(citizen.lastReply()).get(0).id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void aCaptionlessPhotoAtTheMenuIsAskedAboutAndReportFilesItWithTheCase(String language) {
    Citizen citizen = askedAbout(PHOTO, language);

    Action.FileCase filed = reportAndFile(citizen);
    assertEquals(List.of(attachment(PHOTO)), filed.attachments());
    assertEquals("paani nahi aa raha since two days", filed.description());
    assertTrue(citizen.lastText().contains(filed.caseNumber()), citizen.lastText());
    assertEquals(6, citizen.sent, "messages of the citizen's own: " + citizen.sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void noShowsTheMenuAndDropsThePhoto(String language) {
    Citizen citizen = new Citizen(PUNJAB, language).named("Asha");
    citizen.send(PHOTO);
    citizen.tap(MainMenu.SHOW_MENU);
    ListReply menu = assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals("menu:grievance", options(menu).get(0).id());
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage());
    assertEquals(Map.of(), citizen.state.answers(), "the photo is forgotten");

    citizen.send(photo(2));
    assertEquals(List.of(attachment(photo(2))), reportAndFile(citizen).attachments(), "only the photo asked about last");
  }

  @ParameterizedTest
  @ValueSource(strings = {"नहीं", "ਨਹੀਂ", "no"})
  void aTypedNoShowsTheMenu(String no) {
    Citizen citizen = askedAbout(PHOTO, "hi");
    citizen.say(no);
    assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage());
    assertEquals(Map.of(), citizen.state.answers());
  }

  @Test
  void anyOtherMessageIsHandledAsAtTheMenuAndDropsThePhoto() {
    Citizen citizen = askedAbout(PHOTO, "en");
    citizen.say("what are your opening hours on sunday please");
    ListReply menu = assertInstanceOf(ListReply.class, citizen.lastReply());
    assertEquals(catalog(PUNJAB, "en").text("unknown.text"), menu.body());
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage());
    assertEquals(Map.of(), citizen.state.answers());

    citizen.send(PHOTO);
    assertAsked(citizen, "en");
    citizen.tap("menu:help");
    assertEquals(ConversationState.STAGE_MENU, citizen.state.stage(), "a menu row, as at the menu");
    assertEquals(Map.of(), citizen.state.answers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void severalPhotosInARowAreAllKeptUnderOneQuestion(String language) {
    Citizen citizen = askedAbout(photo(1), language);
    citizen.send(photo(2));
    citizen.send(photo(3));
    assertInstanceOf(Reply.TextReply.class, citizen.lastReply(), "no second question");
    assertEquals(1, citizen.last.replies().size());
    assertTrue(citizen.lastText().contains("3"), citizen.lastText());
    assertEquals(ConversationState.STAGE_MEDIA_QUESTION, citizen.state.stage());

    report(citizen);
    describeTheRest(citizen);
    assertTrue(citizen.lastText().contains(": 3"), "the summary counts them: " + citizen.lastText());
    citizen.tap("confirm");
    assertEquals(List.of(attachment(photo(1)), attachment(photo(2)), attachment(photo(3))), citizen.filed().attachments());
  }

  @Test
  void aPhotoSentAfterReportJoinsTheOthers() {
    Citizen citizen = new Citizen(PUNJAB, "hi").named("Asha");
    citizen.send(photo(1));
    report(citizen);
    citizen.send(photo(2));
    assertTrue(citizen.lastText().startsWith(catalog(PUNJAB, "hi").text("grievance.photo-added")), citizen.lastText());
    describeTheRest(citizen);
    citizen.tap("confirm");
    assertEquals(List.of(attachment(photo(1)), attachment(photo(2))), citizen.filed().attachments());
  }

  @Test
  void photosPastTheMostKeptAreNotKept() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    IntStream.rangeClosed(1, Grievance.WAITING_MOST + 2).forEach(n -> citizen.send(photo(n)));
    assertEquals(
        IntStream.rangeClosed(1, Grievance.WAITING_MOST).mapToObj(n -> attachment(photo(n))).toList(), reportAndFile(citizen).attachments());
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void aVoiceNoteStandsForTheDescription(String language) {
    Citizen citizen = askedAbout(VOICE, language);
    citizen.send(PHOTO);
    report(citizen);
    assertInstanceOf(ListReply.class, citizen.lastReply(), "the voice note said it: the categories at once");
    citizen.tap("roads");
    firstSubType(citizen);
    citizen.send(ZIRAKPUR);
    assertEquals("summary", citizen.state.stage(), "the voice note is the description, the photo is there");
    citizen.tap("confirm");
    Action.FileCase filed = citizen.filed();
    assertEquals(List.of(attachment(VOICE), attachment(PHOTO)), filed.attachments());
    assertEquals("", filed.description());
  }

  @ParameterizedTest
  @ValueSource(strings = {"haan", "हाँ", "ਹਾਂ"})
  void aTypedYesReports(String yes) {
    Citizen citizen = askedAbout(PHOTO, "pa");
    citizen.say(yes);
    assertEquals(Grievance.FLOW, citizen.state.flow());
    assertEquals(catalog(PUNJAB, "pa").text("grievance.describe"), citizen.lastText(), "the problem in words first");
    assertEquals("1", citizen.state.answers().get(Grievance.PHOTO_COUNT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "hi", "pa"})
  void theQuestionAndItsPhotosSurviveARestart(String language) throws Exception {
    Citizen citizen = new Citizen(PUNJAB, language).named("Asha");
    citizen.send(photo(1));
    citizen.send(photo(2));
    // A restart: the state is read back from its persisted form, as from an event or a snapshot.
    citizen.state = CBOR.readValue(CBOR.writeValueAsBytes(citizen.state), ConversationState.class);
    assertEquals(ConversationState.STAGE_MEDIA_QUESTION, citizen.state.stage());
    assertEquals(List.of(attachment(photo(1)), attachment(photo(2))), reportAndFile(citizen).attachments());
  }

  @Test
  void aStateWrittenBeforeTheQuestionStillReadsAndIsAsked() throws Exception {
    ConversationState old =
        new ObjectMapper().readValue("{\"stage\":\"menu\",\"language\":\"pa\",\"privacyNoticeGiven\":true}", ConversationState.class);
    Citizen citizen = new Citizen(PUNJAB, "pa");
    citizen.state = old;
    citizen.send(PHOTO);
    assertAsked(citizen, "pa");
  }

  @Test
  void aSentenceNamingTheProblemInsteadOfTheTapKeepsThePhoto() {
    Citizen citizen = new Citizen(PUNJAB, "en").named("Asha");
    citizen.send(PHOTO);
    citizen.say("paani nahi aa raha since two days");
    citizen.tap("water-sewerage");
    firstSubType(citizen);
    citizen.send(ZIRAKPUR);
    assertEquals("summary", citizen.state.stage());
    citizen.tap("confirm");
    assertEquals(List.of(attachment(PHOTO)), citizen.filed().attachments());
    assertEquals("paani nahi aa raha since two days", citizen.filed().description());
  }

  @Test
  void samvadReportsWithThePhotoToo() {
    Citizen citizen = new Citizen(GARIABAND, "hi");
    citizen.send(PHOTO);
    assertAsked(citizen, "hi");
    report(citizen);
    assertEquals(Grievance.SAMVAD, citizen.state.flow());
    assertEquals("name", citizen.state.stage());
    assertEquals("1", citizen.state.answers().get(Grievance.PHOTO_COUNT));
  }

  @Test
  void aPhotoWithACaptionThatNamesNoProblemIsNotAsked() {
    Citizen citizen = new Citizen(PUNJAB, "en");
    citizen.send(new Input.Media("image", PHOTO.mediaId(), "image/jpeg", "see this"));
    assertEquals(catalog(PUNJAB, "en").text("unknown.media"), assertInstanceOf(ListReply.class, citizen.lastReply()).body());
  }
}
