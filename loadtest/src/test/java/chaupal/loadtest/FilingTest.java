package chaupal.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

// The bot's messages as the simulator records them: Cloud API send bodies, wrapped in its answer.
class FilingTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Citizen citizen = Citizen.of(2_000_008, Channel.ALL.get(0), Language.EN);
  private final Filing filing = new Filing(citizen);
  private final List<ObjectNode> sent = new ArrayList<>();

  @Test
  void walksAWholeFilingWhateverTheFlowsIdsAre() {
    filing.sent(new Filing.Text(Filing.Step.GREETING, "hi"), List.of());
    bot(text("We keep your messages to answer you. Privacy: ..."));
    assertEquals(Optional.empty(), next(), "waits for the language buttons after the privacy notice");

    bot(buttons("Choose your language", "lang:pa", "ਪੰਜਾਬੀ", "lang:hi", "हिन्दी", "lang:en", "English"));
    Filing.Tap language = tap(Filing.Step.LANGUAGE);
    assertEquals("lang:en", language.option().id());
    assertEquals("w2", language.repliedTo());

    bot(list("How can we help?", "menu:complaint", "File a complaint", "menu:track", "My complaints"));
    Filing.Text complaint = assertInstanceOf(Filing.Text.class, answer(Filing.Step.COMPLAINT));
    assertEquals("street light kharab hai", complaint.text());

    bot(buttons("Is this about Street lights?", "c:yes", "Yes", "c:no", "No, something else"));
    assertEquals("c:yes", tap(Filing.Step.CONFIRM).option().id());

    bot(text("Please describe the problem in a few words."));
    assertEquals(filing.description(), assertInstanceOf(Filing.Text.class, answer(Filing.Step.DESCRIPTION)).text());

    bot(locationRequest("Where is it? Share the location, or type the address."));
    Filing.Pin pin = assertInstanceOf(Filing.Pin.class, answer(Filing.Step.LOCATION));
    assertTrue(Math.abs(pin.place().latitude() - 31.326) < 0.01, "near Jalandhar: " + pin.place());

    bot(buttons("Is this in Jalandhar?", "ulb:PB-JAL", "Yes, Jalandhar", "ulb:other", "Another town"));
    assertEquals("ulb:PB-JAL", tap(Filing.Step.CONFIRM).option().id());

    bot(buttons("Send a photo of the problem if you have one.", "photo:skip", "Skip"));
    assertInstanceOf(Filing.Photo.class, answer(Filing.Step.PHOTO));

    bot(buttons("Photo received. Another photo?", "photo:more", "Add another", "photo:done", "Done"));
    assertEquals("photo:done", tap(Filing.Step.CONFIRM).option().id());

    bot(buttons("Street light, Jalandhar, near Jyoti Chowk, 1 photo. Location and photo kept.",
        "summary:confirm", "Confirm", "summary:edit", "Edit"));
    assertEquals("summary:confirm", tap(Filing.Step.SUMMARY).option().id());
    assertEquals(Filing.Phase.ACKNOWLEDGEMENT, filing.phase());
    assertEquals(Optional.empty(), next(), "no more prompts once confirmed");

    assertFalse(filing.ready(all()), "the summary itself is no acknowledgement");
    bot(text("Registered: case JAL-26-004217, Street lights, resolved within 48 hours."));
    assertTrue(filing.ready(all()));
    assertEquals(Optional.of("JAL-26-004217"), filing.acknowledgement(all()));
    filing.acknowledged("JAL-26-004217", all());

    filing.sent(new Filing.Text(Filing.Step.TRACK, "status"), all());
    assertFalse(filing.ready(all()));
    bot(list("Your open complaints", "case:JAL-26-004217", "JAL-26-004217 registered"));
    assertTrue(filing.trackAnswered(all()));
    assertEquals(Filing.Phase.DONE, filing.phase());
  }

  @Test
  void aListOfLanguagesIsAnsweredByTitleAndWithAListReply() {
    filing.sent(new Filing.Text(Filing.Step.GREETING, "hi"), List.of());
    bot(list("Language", "l1", "हिन्दी", "l2", "English"));
    Filing.Tap tap = tap(Filing.Step.LANGUAGE);
    assertEquals("l2", tap.option().id());
    assertTrue(tap.option().row());
  }

  @Test
  void describesTheProblemAgainWhenAskedAgain() {
    startedComplaint();
    bot(text("Please describe the problem in a few words."));
    answer(Filing.Step.DESCRIPTION);
    bot(text("Please tell us your address (village or ward, and block)."));
    answer(Filing.Step.ADDRESS);
    bot(text("Please write your question, demand or problem. You can also send a voice note."));
    assertEquals(filing.description(), assertInstanceOf(Filing.Text.class, answer(Filing.Step.DESCRIPTION)).text());
  }

  @Test
  void aSamvadFilingIsRegisteredWithoutASummaryToConfirm() {
    startedComplaint();
    bot(text("Please write your question, demand or problem. You can also send a voice note."));
    answer(Filing.Step.DESCRIPTION);
    bot(buttons("Is it a demand, a problem or a suggestion?", "demand", "Demand", "problem", "Problem"));
    tap(Filing.Step.CONFIRM);
    assertFalse(filing.filedWithoutSummary(all()), "no case yet");
    bot(text("Thank you, Load Citizen 0008. Your Demand is registered.\nNumber: GAR-26-000012"));
    assertTrue(filing.ready(all()));
    assertTrue(filing.filedWithoutSummary(all()));
    assertEquals(Optional.of("GAR-26-000012"), filing.acknowledgement(all()));
  }

  @Test
  void aFilingAboutAGivenPlaceSharesExactlyThatPlace() {
    Filing.Place ulb = new Filing.Place("Near the centre of Abohar", "Abohar", 30.1453, 74.1993);
    Filing atHome = new Filing(citizen, ulb);
    assertEquals(ulb, atHome.place());
  }

  @Test
  void skipsTheDescriptionWhenTheFlowAsksForTheLocationAtOnce() {
    startedComplaint();
    bot(buttons("Is this about Water supply?", "yes", "Yes", "no", "No"));
    tap(Filing.Step.CONFIRM);
    bot(text("Please share the location of the problem."));
    assertInstanceOf(Filing.Pin.class, answer(Filing.Step.LOCATION));
  }

  @Test
  void answersEachMessageOnceAndStopsAnsweringAFlowGoingRound() {
    startedComplaint();
    assertEquals(Optional.empty(), next(), "nothing new since the complaint");
    int taps = 0;
    while (true) {
      bot(buttons("Did you mean?", "a", "A", "b", "B"));
      Optional<Filing.Reply> reply = next();
      if (reply.isEmpty()) break;
      filing.sent(reply.get(), all());
      taps++;
    }
    assertEquals(Filing.MAX_REPLIES - 3, taps, "gives up after " + Filing.MAX_REPLIES + " replies in all");
  }

  @Test
  void mentionsWholeWordsInIdsAndTitles() {
    assertTrue(Filing.mentions("summary:confirm", "confirm"));
    assertTrue(Filing.mentions("confirm_filing", "confirm"));
    assertTrue(Filing.mentions("Send photos", "photo"));
    assertFalse(Filing.mentions("Confirmed", "confirm"));
    assertFalse(Filing.mentions("nothing", "no"));
  }

  private void startedComplaint() {
    filing.sent(new Filing.Text(Filing.Step.GREETING, "hi"), List.of());
    bot(buttons("Language", "language:en", "English"));
    filing.sent(next().orElseThrow(), all());
    bot(text("Tell us what is wrong."));
    filing.sent(next().orElseThrow(), all());
  }

  private Filing.Tap tap(Filing.Step step) {
    return assertInstanceOf(Filing.Tap.class, answer(step));
  }

  /** The citizen's answer to what the bot sent so far; it must be {@code step}, and is then sent. */
  private Filing.Reply answer(Filing.Step step) {
    Filing.Reply reply = next().orElseThrow(() -> new AssertionError("no answer; " + filing.describe(all())));
    assertEquals(step, reply.step(), filing.describe(all()));
    filing.sent(reply, all());
    return reply;
  }

  private Optional<Filing.Reply> next() {
    return filing.next(all());
  }

  private List<BotMessage> all() {
    ObjectNode answer = NODES.objectNode();
    ArrayNode messages = answer.putArray("messages");
    for (int i = 0; i < sent.size(); i++) {
      messages.addObject().put("wamid", "w" + (i + 1)).put("type", sent.get(i).path("type").asText())
          .put("status", "accepted").set("body", sent.get(i));
    }
    return BotMessage.fromSimulator(answer.toString());
  }

  private void bot(ObjectNode send) {
    sent.add(send);
  }

  private ObjectNode send(String type) {
    return NODES.objectNode().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", citizen.waId()).put("type", type);
  }

  private ObjectNode text(String body) {
    ObjectNode send = send("text");
    send.putObject("text").put("body", body);
    return send;
  }

  private ObjectNode interactive(String kind, String body) {
    ObjectNode send = send("interactive");
    ObjectNode interactive = send.putObject("interactive").put("type", kind);
    interactive.putObject("body").put("text", body);
    return send;
  }

  private ObjectNode buttons(String body, String... idsAndTitles) {
    ObjectNode send = interactive("button", body);
    ArrayNode buttons = ((ObjectNode) send.get("interactive")).putObject("action").putArray("buttons");
    for (int i = 0; i < idsAndTitles.length; i += 2) {
      buttons.addObject().put("type", "reply").putObject("reply").put("id", idsAndTitles[i]).put("title", idsAndTitles[i + 1]);
    }
    return send;
  }

  private ObjectNode list(String body, String... idsAndTitles) {
    ObjectNode send = interactive("list", body);
    ObjectNode action = ((ObjectNode) send.get("interactive")).putObject("action").put("button", "Choose");
    ArrayNode rows = action.putArray("sections").addObject().putArray("rows");
    for (int i = 0; i < idsAndTitles.length; i += 2) {
      rows.addObject().put("id", idsAndTitles[i]).put("title", idsAndTitles[i + 1]);
    }
    return send;
  }

  private ObjectNode locationRequest(String body) {
    ObjectNode send = interactive("location_request_message", body);
    ((ObjectNode) send.get("interactive")).putObject("action").put("name", "send_location");
    return send;
  }
}
