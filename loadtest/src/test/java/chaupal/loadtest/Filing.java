package chaupal.loadtest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One citizen's way through a grievance filing. The conversation's buttons and the order of its
 * questions belong to the server's flow, so the citizen reads each new bot message and answers
 * what it asks: the English language button, the complaint, the first button of a question (the
 * category, the ULB), a description, the location, the photo, and the summary's Confirm. Then the
 * citizen waits for the acknowledgement with its case number, and asks for the status.
 *
 * <p>Mutable, one per virtual user: Gatling runs a user's actions one after another.
 */
final class Filing {

  /** What the citizen sends, by the Gatling request name its webhook is recorded under. */
  enum Step {
    GREETING, LANGUAGE, COMPLAINT, CONFIRM, DESCRIPTION, NAME, ADDRESS, LOCATION, PHOTO, SUMMARY, TRACK;

    String requestName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the citizen is waiting for. */
  enum Phase { PROMPT, ACKNOWLEDGEMENT, TRACK_ANSWER, DONE }

  /** A message the citizen answers with; {@code repliedTo} is the bot message a tap answers. */
  sealed interface Reply {
    Step step();
  }

  record Tap(Step step, String repliedTo, BotMessage.Option option) implements Reply {}

  record Text(Step step, String text) implements Reply {}

  record Pin(Step step, Place place) implements Reply {}

  record Photo(Step step) implements Reply {}

  /** A place near a Punjab ULB the citizen shares as a location pin. */
  record Place(String name, String address, double latitude, double longitude) {}

  static final Pattern CASE_NUMBER = Pattern.compile("[A-Z]{3}-\\d{2}-\\d{6}");
  /** Enough for every question a filing asks, with room for a re-asked one; beyond it the flow is going round. */
  static final int MAX_REPLIES = 16;

  private static final List<String> COMPLAINTS =
      List.of("paani nahi aa raha", "street light kharab hai", "garbage not collected");
  private static final List<String> DESCRIPTIONS = List.of(
      "No water in our lane since Monday morning, the tank is empty",
      "The light at the corner of the main market has been off for a week",
      "The garbage heap near the school gate has not been lifted for four days");
  private static final List<Place> PLACES = List.of(
      new Place("Near Jyoti Chowk", "Jalandhar, Punjab", 31.326, 75.576),
      new Place("VIP Road", "Zirakpur, Punjab", 30.642, 76.817),
      new Place("Near Hall Gate", "Amritsar, Punjab", 31.634, 74.872));

  private final Citizen citizen;
  private final Place home;
  private final Set<String> seen = new HashSet<>();
  private final EnumSet<Step> given = EnumSet.noneOf(Step.class);
  private Phase phase = Phase.PROMPT;
  private int replies;
  private String caseNumber;

  /** A filing about a place near one of three Punjab ULBs, varied by the citizen's number. */
  Filing(Citizen citizen) {
    this(citizen, null);
  }

  /** A filing about {@code home} (a ULB's centre, say), shared as it is; null: as {@link #Filing(Citizen)}. */
  Filing(Citizen citizen, Place home) {
    this.citizen = citizen;
    this.home = home;
  }

  Citizen citizen() {
    return citizen;
  }

  Phase phase() {
    return phase;
  }

  Optional<String> caseNumber() {
    return Optional.ofNullable(caseNumber);
  }

  String complaint() {
    return COMPLAINTS.get((int) (citizen.number() % COMPLAINTS.size()));
  }

  String description() {
    return DESCRIPTIONS.get((int) (citizen.number() % DESCRIPTIONS.size()));
  }

  /** Varies apart from the complaint, a few hundred metres around the ULB's centre. */
  Place place() {
    if (home != null) return home;
    Place centre = PLACES.get((int) ((citizen.number() / COMPLAINTS.size()) % PLACES.size()));
    double offset = ((citizen.number() % 7) - 3) * 0.002;
    return new Place(centre.name(), centre.address(), centre.latitude() + offset, centre.longitude() - offset);
  }

  /** The bot messages the citizen has not yet answered or read, oldest first. */
  List<BotMessage> fresh(List<BotMessage> all) {
    List<BotMessage> out = new ArrayList<>();
    for (BotMessage m : all) {
      if (!seen.contains(m.wamid())) out.add(m);
    }
    return out;
  }

  /** What the citizen answers to the bot's newest messages, or empty while there is nothing to answer yet. */
  Optional<Reply> next(List<BotMessage> all) {
    List<BotMessage> fresh = fresh(all);
    if (phase != Phase.PROMPT || fresh.isEmpty() || replies >= MAX_REPLIES) return Optional.empty();
    if (!given.contains(Step.LANGUAGE)) {
      // The privacy notice may come before the language buttons: wait for the buttons.
      for (BotMessage m : fresh) {
        for (BotMessage.Option o : m.options()) {
          if (o.id().toLowerCase(Locale.ROOT).endsWith("en") || o.title().equalsIgnoreCase("English")) {
            return Optional.of(new Tap(Step.LANGUAGE, m.wamid(), o));
          }
        }
      }
      return Optional.empty();
    }
    BotMessage m = fresh.get(fresh.size() - 1);
    if (!given.contains(Step.COMPLAINT)) return Optional.of(new Text(Step.COMPLAINT, complaint()));
    Optional<BotMessage.Option> confirm = m.options().stream().filter(o -> mentions(o.id() + " " + o.title(), "confirm")).findFirst();
    if (confirm.isPresent()) return Optional.of(new Tap(Step.SUMMARY, m.wamid(), confirm.get()));
    String text = m.text();
    if (!given.contains(Step.LOCATION) && m.kind().equals("location_request_message")) {
      return Optional.of(new Pin(Step.LOCATION, place()));
    }
    boolean aboutPhoto = mentions(text, "photo", "picture", "image");
    if (!given.contains(Step.PHOTO) && aboutPhoto) return Optional.of(new Photo(Step.PHOTO));
    if (!given.contains(Step.LOCATION) && mentions(text, "location")) return Optional.of(new Pin(Step.LOCATION, place()));
    if (!m.options().isEmpty()) {
      // A question with buttons (the category, the ULB): the first; after the photo, the way on.
      BotMessage.Option pick = m.options().get(0);
      if (aboutPhoto) {
        pick = m.options().stream().filter(o -> mentions(o.id() + " " + o.title(), "done", "skip", "no", "continue", "next"))
            .findFirst().orElse(pick);
      }
      return Optional.of(new Tap(Step.CONFIRM, m.wamid(), pick));
    }
    if (!given.contains(Step.NAME) && mentions(text, "name")) return Optional.of(new Text(Step.NAME, citizen.profileName()));
    if (!given.contains(Step.ADDRESS) && mentions(text, "address", "landmark")) {
      return Optional.of(new Text(Step.ADDRESS, place().name() + ", " + place().address()));
    }
    // Asked again (a longer one, or Samvad's question after its welcome took the first): the same words.
    if (!given.contains(Step.DESCRIPTION) || mentions(text, "describe", "question", "problem")) {
      return Optional.of(new Text(Step.DESCRIPTION, description()));
    }
    return Optional.empty();
  }

  /** The citizen sent {@code reply}, having read everything in {@code all}. */
  void sent(Reply reply, List<BotMessage> all) {
    readAll(all);
    given.add(reply.step());
    replies++;
    if (reply.step() == Step.SUMMARY) phase = Phase.ACKNOWLEDGEMENT;
    if (reply.step() == Step.TRACK) phase = Phase.TRACK_ANSWER;
  }

  /**
   * Samvad files as soon as its last question is answered, with no summary to confirm: true (and
   * the citizen waits for nothing more but reads the acknowledgement) when a new message names a case.
   */
  boolean filedWithoutSummary(List<BotMessage> all) {
    if (phase != Phase.PROMPT || !given.contains(Step.DESCRIPTION) || !namesCase(fresh(all))) return false;
    phase = Phase.ACKNOWLEDGEMENT;
    return true;
  }

  private static boolean namesCase(List<BotMessage> messages) {
    return messages.stream().anyMatch(m -> CASE_NUMBER.matcher(m.raw()).find());
  }

  /** The case number in the newest messages, once the acknowledgement has come. */
  Optional<String> acknowledgement(List<BotMessage> all) {
    if (phase != Phase.ACKNOWLEDGEMENT) return Optional.empty();
    for (BotMessage m : fresh(all)) {
      Matcher number = CASE_NUMBER.matcher(m.raw());
      if (number.find()) return Optional.of(number.group());
    }
    return Optional.empty();
  }

  void acknowledged(String number, List<BotMessage> all) {
    readAll(all);
    caseNumber = number;
  }

  /** The bot answered "status"; true when the answer names the case. */
  boolean trackAnswered(List<BotMessage> all) {
    boolean namesCase = fresh(all).stream().anyMatch(m -> caseNumber != null && m.raw().contains(caseNumber));
    readAll(all);
    phase = Phase.DONE;
    return namesCase;
  }

  /** Whether what the citizen waits for has come. */
  boolean ready(List<BotMessage> all) {
    return switch (phase) {
      case PROMPT -> next(all).isPresent() || (given.contains(Step.DESCRIPTION) && namesCase(fresh(all)));
      case ACKNOWLEDGEMENT -> acknowledgement(all).isPresent();
      case TRACK_ANSWER -> !fresh(all).isEmpty();
      case DONE -> true;
    };
  }

  /** Why the citizen is stuck, for a person reading the run's output. */
  String describe(List<BotMessage> all) {
    List<BotMessage> fresh = fresh(all);
    String last = fresh.isEmpty() ? "no new message"
        : "last new message " + fresh.get(fresh.size() - 1).kind() + " \"" + fresh.get(fresh.size() - 1).text()
            + "\" options " + fresh.get(fresh.size() - 1).options();
    return "citizen " + citizen.waId() + " waiting for " + phase + " after " + given + " (" + replies + " replies): " + last;
  }

  private void readAll(List<BotMessage> all) {
    all.forEach(m -> seen.add(m.wamid()));
  }

  /** Whole words, plural or not, so that an id such as {@code summary:confirm} or {@code confirm_filing} counts. */
  static boolean mentions(String text, String... words) {
    for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      for (String word : words) {
        if (token.equals(word) || token.equals(word + "s") || token.equals(word + "es")) return true;
      }
    }
    return false;
  }
}
