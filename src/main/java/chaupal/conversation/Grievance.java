package chaupal.conversation;

import chaupal.conversation.Prompt.Built;
import chaupal.conversation.Prompt.Choice;
import chaupal.conversation.Stage.Check;
import chaupal.conversation.Stage.InputKind;
import chaupal.conversation.Stage.Reading;
import chaupal.conversation.Stage.Reading.Again;
import chaupal.conversation.Stage.Reading.Took;
import chaupal.tenancy.Category;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The grievance flows as data, and what they match free text against, built once from the
 * directory. Two shapes share their stages:
 *
 * <ul>
 *   <li>{@link #FLOW} (mSewa, MP15, Delhi, Jhabua): category (confirmed from the sentence the
 *       citizen started with, or chosen from the list), sub-type, department, ULB (from a location or
 *       a typed town), description, place, optional photos, name, summary, filed;
 *   <li>{@link #SAMVAD} (Samvad 24x7: a tenant whose categories leave the department to the
 *       citizen): name, address, the question, demand/problem/suggestion, department, filed at once.
 * </ul>
 *
 * Every stage is skipped when its answer is known (the sentence was the description, the location
 * gave the ULB and the place, the name is remembered), which also brings an edit straight back to
 * the summary. Answers whose keys start with "_" are the flow's own notes, not the citizen's.
 */
final class Grievance {

  static final String FLOW = "grievance";
  static final String SAMVAD = "samvad";

  static final String CATEGORY = "category";
  static final String SUBTYPE = "subtype";
  static final String DEPARTMENT = "department";
  static final String ULB = "ulb";
  static final String DESCRIPTION = "description";
  static final String PLACE = "place";
  static final String LATITUDE = "latitude";
  static final String LONGITUDE = "longitude";
  static final String ADDRESS = "address";
  static final String LANDMARK = "landmark";
  static final String PHOTOS = "photos";
  static final String PHOTO_COUNT = "photo_count";
  static final String ATTACHMENTS = "attachments";
  static final String NAME = "name";
  static final String HOME = "home";

  private static final String SURE = "_sure";
  private static final String FEW = "_few";
  private static final String GUESS = "_guess";
  private static final String SUBTYPE_GUESS = "_subtype";
  private static final String FROM_PIN = "_pin";
  /** Photos or a voice note came first, before the citizen said what the problem is. */
  private static final String WAITED = "_waited";
  private static final String PROBLEM = "_problem";
  private static final Set<String> MEDIA_KEYS = Set.of(ATTACHMENTS, PHOTO_COUNT, PHOTOS, DESCRIPTION, WAITED);
  private static final String OTHER = "*other";

  /** A sentence this long (in characters) is the description: the citizen is not asked again. */
  static final int DESCRIPTION_MIN = 10;

  /** The most captionless photos and voice notes kept while the citizen is asked whether they are a problem. */
  static final int WAITING_MOST = 5;

  /** A shared location further than this from every ULB of the tenant names none of them. */
  static final double NEAREST_ULB_KM = 25;

  private final Directory directory;
  private final Map<String, ComplaintMatcher> categories = new HashMap<>();
  private final Map<String, PhraseIndex> subTypes = new HashMap<>();
  private final Map<String, PhraseIndex> departments = new HashMap<>();
  private final Map<String, PlaceFinder> places = new HashMap<>();
  private final PhraseIndex yesNo;
  private final Flow flow;
  private final Flow samvad;

  /** The flows over this directory; without one (null) only to list the catalog keys they read. */
  Grievance(Directory directory) {
    this.directory = directory;
    for (Tenant tenant : directory == null ? List.<Tenant>of() : directory.tenants()) {
      categories.put(tenant.id(), new ComplaintMatcher(tenant.categories().stream().map(Grievance::target).toList()));
      for (Category category : tenant.categories()) {
        List<MatchTarget> named =
            category.subTypes().stream().map(s -> new MatchTarget(s.code(), telling(s.name().byLanguage().values()))).toList();
        subTypes.put(tenant.id() + "/" + category.id(), new PhraseIndex(named, StopWords.KEYS, PhraseIndex.TYPOS));
      }
      departments.put(
          tenant.id(),
          new PhraseIndex(
              tenant.departments().stream().map(d -> new MatchTarget(d.id(), telling(d.name().byLanguage().values()))).toList(),
              StopWords.KEYS,
              PhraseIndex.TYPOS));
      if (!tenant.ulbs().isEmpty()) {
        List<Place> towns =
            tenant.ulbs().stream()
                .map(u -> new Place(u.code(), telling(named(u)), u.latitude(), u.longitude()))
                .toList();
        places.put(tenant.id(), new PlaceFinder(towns, NEAREST_ULB_KM));
      }
    }
    List<MatchTarget> answers = new ArrayList<>();
    for (String meaning : List.of("yes", "no")) {
      List<String> words = new ArrayList<>();
      if (directory != null) {
        directory.languages().forEach(language -> words.addAll(directory.catalog(language).words("match." + meaning)));
      }
      answers.add(new MatchTarget(meaning, words));
    }
    this.yesNo = new PhraseIndex(answers, Set.of(), length -> 0);
    this.flow = grievanceFlow();
    this.samvad = samvadFlow();
  }

  static final List<String> WORD_KEYS = List.of("match.yes", "match.no");

  /** Texts its readers give as the lead of a re-ask, and the Samvad welcome. */
  static final List<String> LEAD_KEYS =
      List.of("grievance.photo-added", "grievance.photo-first", "grievance.town-far", "grievance.town-again", "samvad.welcome");

  List<Flow> flows() {
    return List.of(flow, samvad);
  }

  /** The shape this tenant's grievances take. */
  Flow flowFor(Tenant tenant) {
    return isSamvad(tenant) ? samvad : flow;
  }

  /** Samvad 24x7: every category leaves the department to the citizen. */
  static boolean isSamvad(Tenant tenant) {
    return !tenant.categories().isEmpty()
        && tenant.categories().stream().allMatch(c -> c.department() == null && c.subTypes().isEmpty());
  }

  /**
   * What a sentence typed at the menu tells a grievance: a category to confirm (and its sub-type
   * when clear) or the best few, and the sentence as its description; empty when it names no
   * category of the tenant.
   */
  Optional<Map<String, String>> start(Tenant tenant, String sentence) {
    Match match = categories.get(tenant.id()).match(sentence);
    Map<String, String> answers = new HashMap<>();
    if (match instanceof Match.Confident sure) {
      answers.put(SURE, sure.id());
      subTypeIn(tenant, sure.id(), sentence).ifPresent(code -> answers.put(SUBTYPE_GUESS, code));
    } else if (match instanceof Match.Unsure unsure) {
      answers.put(FEW, String.join(",", unsure.ids()));
    } else {
      return Optional.empty();
    }
    if (describes(sentence)) answers.put(DESCRIPTION, sentence.strip());
    return Optional.of(answers);
  }

  /**
   * What a first message tells a grievance: typed text as {@link #start(Tenant, String)}; a photo
   * or voice note whose caption names the problem tells the same, with the attachment kept.
   */
  Optional<Map<String, String>> start(Tenant tenant, Input input) {
    if (input instanceof Input.Text text) return start(tenant, text.body());
    if (!(input instanceof Input.Media media) || media.caption() == null) return Optional.empty();
    return start(tenant, media.caption()).map(told -> {
      Map<String, String> withMedia = new HashMap<>(told);
      withMedia.put(ATTACHMENTS, attachmentLine(media));
      if (!"audio".equals(media.kind())) {
        withMedia.put(PHOTO_COUNT, "1");
        withMedia.put(PHOTOS, "photo");
      }
      return withMedia;
    });
  }

  /** A photo or voice note without a caption: it says nothing yet, so the citizen is asked about it. */
  static boolean uncaptioned(Input.Media media) {
    return ("image".equals(media.kind()) || "audio".equals(media.kind())) && (media.caption() == null || media.caption().isBlank());
  }

  /**
   * What the captionless photos and voice notes sent so far tell a grievance, with {@code media}
   * added ({@link #WAITING_MOST} at most): the photos, and a voice note stands for the description.
   */
  static Map<String, String> waiting(Map<String, String> earlier, Input.Media media) {
    Map<String, String> told = new HashMap<>(earlier);
    told.put(WAITED, "1");
    if (attachments(earlier.get(ATTACHMENTS)).size() >= WAITING_MOST) return told;
    told.put(ATTACHMENTS, appended(earlier.get(ATTACHMENTS), media));
    if ("audio".equals(media.kind())) {
      told.putIfAbsent(DESCRIPTION, "");
    } else {
      told.put(PHOTO_COUNT, Integer.toString(count(earlier.get(PHOTO_COUNT)) + 1));
      told.put(PHOTOS, "photo");
    }
    return told;
  }

  /** What a first message told a grievance, after the captionless photos and voice notes that {@link #waiting} kept. */
  static Map<String, String> after(Map<String, String> waiting, Map<String, String> told) {
    Map<String, String> all = new HashMap<>(waiting);
    all.putAll(told);
    if (waiting.containsKey(ATTACHMENTS) && told.containsKey(ATTACHMENTS)) {
      all.put(ATTACHMENTS, waiting.get(ATTACHMENTS) + "\n" + told.get(ATTACHMENTS));
    }
    int photos = count(waiting.get(PHOTO_COUNT)) + count(told.get(PHOTO_COUNT));
    if (photos > 0) all.put(PHOTO_COUNT, Integer.toString(photos));
    return all;
  }

  /** How many photos and voice notes {@link #waiting} keeps. */
  static int waitingCount(Map<String, String> told) {
    return attachments(told.get(ATTACHMENTS)).size();
  }

  /** Whether free text says enough to stand as the description. */
  static boolean describes(String text) {
    return text != null && Check.atLeast(DESCRIPTION_MIN).fits(text.strip());
  }

  // ------------------------------------------------------------------ the flows

  private Flow grievanceFlow() {
    Next.Filing filing = draft -> filed(draft, "complaint");
    return new Flow(
        FLOW,
        List.of(
            problemStage(new Next.To(CATEGORY)),
            categoryStage("grievance.category", new Next.To(SUBTYPE)),
            subTypeStage(new Next.To(DEPARTMENT)),
            departmentStage("grievance.department", new Next.To(ULB)),
            ulbStage(new Next.To(DESCRIPTION)),
            descriptionStage("grievance.describe", new Next.To(PLACE)),
            placeStage(new Next.To(LANDMARK)),
            landmarkStage(new Next.To(PHOTOS)),
            photosStage(new Next.To(NAME)),
            nameStage(new Next.To("summary")),
            summaryStage(filing),
            editStage()),
        Set.of(NAME));
  }

  private Flow samvadFlow() {
    Next.Filing filing = draft -> filed(draft, draft.get(CATEGORY));
    Stage home =
        Stage.ask(HOME, new Prompt.Question("samvad.address"), Set.of(InputKind.TEXT), Check.atLeast(3), "samvad.address-again",
                new Next.To(DESCRIPTION))
            .skippedWhen(known(HOME));
    return new Flow(
        SAMVAD,
        List.of(
            nameStage(new Next.To(HOME)),
            home,
            descriptionStage("samvad.question", new Next.To(CATEGORY)),
            categoryStage("samvad.kind", new Next.To(DEPARTMENT)),
            departmentStage("samvad.department", new Next.Files("samvad.filed", filing))),
        Set.of(NAME, HOME));
  }

  private static Stage.Skip known(String key) {
    return knownWhen(draft -> draft.has(key));
  }

  /** Skipped, nothing to add, when {@code known} holds. */
  private static Stage.Skip knownWhen(java.util.function.Predicate<Draft> known) {
    return draft -> known.test(draft) ? Optional.of(Map.of()) : Optional.empty();
  }

  /**
   * After photos or a voice note sent before "Report a problem": the problem in the citizen's words
   * first, so that the category comes from the sentence (one tap to confirm) instead of the list.
   * A voice note stands for the words; another photo joins the others.
   */
  private Stage problemStage(Next next) {
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if (input instanceof Input.Text text) {
            Optional<Map<String, String>> told = start(draft.voice().tenant(), text.body());
            if (told.isPresent()) return new Took("said", told.get(), Set.of());
            return describes(text.body()) ? new Took("said", Map.of(DESCRIPTION, text.body().strip()), Set.of()) : Reading.AGAIN;
          }
          Map<String, String> more = new HashMap<>(waiting(draft.answers(), (Input.Media) input));
          more.keySet().retainAll(MEDIA_KEYS);
          if ("audio".equals(((Input.Media) input).kind())) return new Took("voice", more, Set.of());
          return new Again(waitingCount(more) > waitingCount(draft.answers()) ? "grievance.photo-added" : null, more, Set.of());
        };
    return Stage.ask(PROBLEM, new Prompt.Question("grievance.describe"), Set.of(InputKind.TEXT, InputKind.MEDIA), Check.ANY,
            "grievance.describe-more", next)
        .skippedWhen(knownWhen(d -> !d.has(WAITED) || d.has(DESCRIPTION) || d.has(CATEGORY) || d.has(SURE) || d.has(FEW)))
        .readBy(reader);
  }

  private Stage categoryStage(String askKey, Next next) {
    Built prompt =
        new Built(
            List.of(askKey, "grievance.category-sure", "grievance.category-few", "grievance.yes-category", "grievance.yes",
                "grievance.other"),
            (voice, answers) -> {
              if (answers.containsKey(SURE)) {
                return voice.text("grievance.category-sure", Map.of("category", categoryName(voice, answers.get(SURE))));
              }
              return voice.text(answers.containsKey(FEW) ? "grievance.category-few" : askKey);
            },
            (voice, answers) -> {
              if (answers.containsKey(SURE)) {
                String yes = voice.text("grievance.yes-category", Map.of("category", categoryName(voice, answers.get(SURE))));
                if (yes.length() > Reply.BUTTON_TITLE_MAX) yes = voice.text("grievance.yes");
                return List.of(new Choice(answers.get(SURE), yes, null), new Choice(OTHER, voice.text("grievance.other"), null));
              }
              List<Choice> choices = new ArrayList<>();
              if (answers.containsKey(FEW)) {
                for (String id : answers.get(FEW).split(",")) choices.add(new Choice(id, categoryName(voice, id), null));
                choices.add(new Choice(OTHER, voice.text("grievance.other"), null));
                return choices;
              }
              for (Category c : voice.tenant().categories()) choices.add(new Choice(c.id(), c.name().in(voice.language()), null));
              return choices;
            },
            false);
    Stage.Reader reader =
        (draft, input, prefix) -> {
          Tenant tenant = draft.voice().tenant();
          String chosen = chosen(input, prefix);
          if (chosen == null && input instanceof Input.Text text && draft.has(SURE)) {
            String yes = yesOrNo(text.body());
            if ("yes".equals(yes)) chosen = draft.get(SURE);
            if ("no".equals(yes)) chosen = OTHER;
          }
          if (OTHER.equals(chosen)) return new Again("", Map.of(), Set.of(SURE, FEW, SUBTYPE_GUESS, Built.PAGE));
          if (Built.turnsPage(chosen)) return nextPage(chosen);
          if (chosen != null && category(tenant, chosen).isPresent()) {
            Map<String, String> set = new HashMap<>();
            if (chosen.equals(draft.get(SURE)) && draft.has(SUBTYPE_GUESS)) set.put(SUBTYPE, draft.get(SUBTYPE_GUESS));
            return new Took(chosen, set, Set.of(SURE, FEW, SUBTYPE_GUESS, Built.PAGE));
          }
          if (input instanceof Input.Text text) {
            Match match = categories.get(tenant.id()).match(text.body());
            if (match instanceof Match.Confident sure) {
              Map<String, String> set = new HashMap<>();
              subTypeIn(tenant, sure.id(), text.body()).ifPresent(code -> set.put(SUBTYPE, code));
              if (!draft.has(DESCRIPTION) && describes(text.body())) set.put(DESCRIPTION, text.body().strip());
              return new Took(sure.id(), set, Set.of(SURE, FEW, SUBTYPE_GUESS, Built.PAGE));
            }
            if (match instanceof Match.Unsure unsure) {
              return new Again("", Map.of(FEW, String.join(",", unsure.ids())), Set.of(SURE, Built.PAGE));
            }
          }
          return Reading.AGAIN;
        };
    return Stage.ask(CATEGORY, prompt, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "grievance.category-again", next)
        .skippedWhen(known(CATEGORY))
        .readBy(reader);
  }

  private Stage subTypeStage(Next next) {
    Built prompt =
        new Built(
            List.of("grievance.subtype"),
            (voice, answers) -> voice.text("grievance.subtype", Map.of("category", categoryName(voice, answers.get(CATEGORY)))),
            (voice, answers) ->
                category(voice.tenant(), answers.get(CATEGORY)).map(Category::subTypes).orElse(List.of()).stream()
                    .map(s -> new Choice(s.code(), s.name().in(voice.language()), null))
                    .toList(),
            false);
    Stage.Skip skip =
        draft -> {
          if (draft.has(SUBTYPE)) return Optional.of(Map.of());
          List<Category.SubType> kinds = category(draft.voice().tenant(), draft.get(CATEGORY)).map(Category::subTypes).orElse(List.of());
          if (kinds.isEmpty()) return Optional.of(Map.of(SUBTYPE, ""));
          if (kinds.size() == 1) return Optional.of(Map.of(SUBTYPE, kinds.get(0).code()));
          return Optional.empty();
        };
    Stage.Reader reader =
        (draft, input, prefix) -> {
          Tenant tenant = draft.voice().tenant();
          List<Category.SubType> kinds = category(tenant, draft.get(CATEGORY)).map(Category::subTypes).orElse(List.of());
          String chosen = chosen(input, prefix);
          if (Built.turnsPage(chosen)) return nextPage(chosen);
          if (chosen != null && kinds.stream().anyMatch(k -> k.code().equals(chosen))) return new Took(chosen, Map.of(), Set.of(Built.PAGE));
          if (input instanceof Input.Text text) {
            Optional<String> code = subTypeIn(tenant, draft.get(CATEGORY), text.body());
            if (code.isPresent()) return new Took(code.get(), Map.of(), Set.of(Built.PAGE));
          }
          return Reading.AGAIN;
        };
    return Stage.ask(SUBTYPE, prompt, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "grievance.subtype-again", next)
        .skippedWhen(skip)
        .readBy(reader);
  }

  private Stage departmentStage(String askKey, Next next) {
    Built prompt =
        new Built(
            List.of(askKey),
            (voice, answers) -> voice.text(askKey),
            (voice, answers) ->
                voice.tenant().departments().stream().map(d -> new Choice(d.id(), d.name().in(voice.language()), null)).toList(),
            false);
    Stage.Skip skip =
        draft -> {
          if (draft.has(DEPARTMENT)) return Optional.of(Map.of());
          String routed = routedDepartment(draft.voice().tenant(), draft.get(CATEGORY), draft.get(SUBTYPE));
          return routed == null ? Optional.empty() : Optional.of(Map.of(DEPARTMENT, routed));
        };
    Stage.Reader reader =
        (draft, input, prefix) -> {
          Tenant tenant = draft.voice().tenant();
          String chosen = chosen(input, prefix);
          if (Built.turnsPage(chosen)) return nextPage(chosen);
          if (chosen != null && tenant.departments().stream().anyMatch(d -> d.id().equals(chosen))) {
            return new Took(chosen, Map.of(), Set.of(Built.PAGE));
          }
          if (input instanceof Input.Text text
              && PhraseIndex.decide(departments.get(tenant.id()).hits(text.body()), ComplaintMatcher.SURE, ComplaintMatcher.MARGIN,
                  ComplaintMatcher.WORTH_SHOWING) instanceof Match.Confident sure) {
            return new Took(sure.id(), Map.of(), Set.of(Built.PAGE));
          }
          return Reading.AGAIN;
        };
    return Stage.ask(DEPARTMENT, prompt, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "grievance.department-again", next)
        .skippedWhen(skip)
        .readBy(reader);
  }

  private Stage ulbStage(Next next) {
    Built prompt =
        new Built(
            List.of("grievance.town", "grievance.town-guess", "grievance.yes", "grievance.no"),
            (voice, answers) ->
                answers.containsKey(GUESS)
                    ? voice.text("grievance.town-guess", Map.of("town", townName(voice, answers.get(GUESS))))
                    : voice.text("grievance.town"),
            (voice, answers) ->
                answers.containsKey(GUESS)
                    ? List.of(new Choice("yes", voice.text("grievance.yes"), null), new Choice("no", voice.text("grievance.no"), null))
                    : List.of(),
            true);
    Stage.Skip skip = knownWhen(draft -> draft.has(ULB) || draft.voice().tenant().ulbs().isEmpty());
    Stage.Reader reader =
        (draft, input, prefix) -> {
          PlaceFinder finder = places.get(draft.voice().tenant().id());
          String chosen = chosen(input, prefix);
          if (chosen == null && input instanceof Input.Text text && draft.has(GUESS)) chosen = yesOrNo(text.body());
          if ("yes".equals(chosen) && draft.has(GUESS)) return new Took(draft.get(GUESS), Map.of(), Set.of(GUESS));
          if ("no".equals(chosen)) return new Again("grievance.town-again", Map.of(), Set.of(GUESS));
          if (input instanceof Input.Location location) {
            if (finder.near(location.latitude(), location.longitude()) instanceof Match.Confident near) {
              return new Took(near.id(), pin(location), Set.of(GUESS));
            }
            return new Again("grievance.town-far", Map.of(), Set.of(GUESS));
          }
          if (input instanceof Input.Text text) {
            Match named = finder.named(text.body());
            if (named instanceof Match.Confident sure) return new Took(sure.id(), Map.of(), Set.of(GUESS));
            if (named instanceof Match.Unsure unsure) return new Again("", Map.of(GUESS, unsure.ids().get(0)), Set.of());
          }
          return new Again("grievance.town-again", Map.of(), Set.of(GUESS));
        };
    return Stage.ask(ULB, prompt, Set.of(InputKind.LOCATION, InputKind.TEXT, InputKind.CHOICE), Check.ANY, "grievance.town-again", next)
        .skippedWhen(skip)
        .readBy(reader);
  }

  private Stage descriptionStage(String askKey, Next next) {
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if (input instanceof Input.Text text) {
            return describes(text.body()) ? new Took(text.body().strip()) : Reading.AGAIN;
          }
          if (input instanceof Input.Media media) {
            Map<String, String> set = new HashMap<>(Map.of(ATTACHMENTS, withAttachment(draft, media)));
            if ("audio".equals(media.kind())) return new Took(media.caption() == null ? "" : media.caption().strip(), set, Set.of());
            set.put(PHOTO_COUNT, Integer.toString(photos(draft) + 1));
            set.put(PHOTOS, "photo");
            if (describes(media.caption())) return new Took(media.caption().strip(), set, Set.of());
            return new Again("grievance.photo-first", set, Set.of());
          }
          return Reading.AGAIN;
        };
    return Stage.ask(DESCRIPTION, new Prompt.Question(askKey), Set.of(InputKind.TEXT, InputKind.MEDIA), Check.ANY,
            "grievance.describe-more", next)
        .skippedWhen(known(DESCRIPTION))
        .readBy(reader);
  }

  private Stage placeStage(Next next) {
    Built prompt = new Built(List.of("grievance.where"), (voice, answers) -> voice.text("grievance.where"), null, true);
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if (input instanceof Input.Location location) return new Took("pin", pin(location), Set.of());
          if (input instanceof Input.Text text && Check.atLeast(3).fits(text.body().strip())) {
            return new Took("typed", Map.of(ADDRESS, text.body().strip()), Set.of());
          }
          return Reading.AGAIN;
        };
    return Stage.ask(PLACE, prompt, Set.of(InputKind.LOCATION, InputKind.TEXT), Check.ANY, "grievance.where-again", next)
        .skippedWhen(knownWhen(draft -> draft.has(LATITUDE) || draft.has(ADDRESS)))
        .readBy(reader);
  }

  private Stage landmarkStage(Next next) {
    Built prompt =
        new Built(
            List.of("grievance.landmark", "grievance.skip"),
            (voice, answers) -> voice.text("grievance.landmark"),
            (voice, answers) -> List.of(new Choice("skip", voice.text("grievance.skip"), null)),
            false);
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if ("skip".equals(chosen(input, prefix))) return new Took("", Map.of(), Set.of());
          if (input instanceof Input.Text text) {
            boolean none = "no".equals(yesOrNo(text.body())) || !TypedText.readable(text.body());
            return none ? new Took("") : new Took(text.body().strip());
          }
          return Reading.AGAIN;
        };
    return Stage.ask(LANDMARK, prompt, Set.of(InputKind.CHOICE, InputKind.TEXT), Check.ANY, "grievance.landmark", next)
        .skippedWhen(knownWhen(draft -> draft.has(LANDMARK) || draft.has(FROM_PIN)))
        .readBy(reader);
  }

  private Stage photosStage(Next next) {
    Built prompt =
        new Built(
            List.of("grievance.photo", "grievance.photo-town", "grievance.skip", "grievance.change-town"),
            (voice, answers) ->
                answers.containsKey(FROM_PIN) && answers.containsKey(ULB) && !answers.get(ULB).isEmpty()
                    ? voice.text("grievance.photo-town", Map.of("town", townName(voice, answers.get(ULB))))
                    : voice.text("grievance.photo"),
            (voice, answers) -> {
              List<Choice> choices = new ArrayList<>(List.of(new Choice("skip", voice.text("grievance.skip"), null)));
              if (answers.containsKey(FROM_PIN) && !voice.tenant().ulbs().isEmpty()) {
                choices.add(new Choice("change-town", voice.text("grievance.change-town"), null));
              }
              return choices;
            },
            false);
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if (input instanceof Input.Media media) {
            return new Took("photo", Map.of(ATTACHMENTS, withAttachment(draft, media), PHOTO_COUNT, Integer.toString(photos(draft) + 1)), Set.of());
          }
          String chosen = chosen(input, prefix);
          if (chosen == null && input instanceof Input.Text text && "no".equals(yesOrNo(text.body()))) chosen = "skip";
          if ("skip".equals(chosen)) return new Took("skip");
          if ("change-town".equals(chosen) && draft.has(FROM_PIN)) return new Took("change-town");
          return Reading.AGAIN;
        };
    Next branches =
        new Next.ByAnswer(
            Map.of("photo", next, "skip", next, "change-town",
                new Next.Redo(ULB, List.of(ULB, LATITUDE, LONGITUDE, ADDRESS, FROM_PIN, PLACE, PHOTOS))));
    return Stage.ask(PHOTOS, prompt, Set.of(InputKind.MEDIA, InputKind.CHOICE, InputKind.TEXT), Check.ANY, "grievance.photo-again",
            branches)
        .skippedWhen(known(PHOTOS))
        .readBy(reader);
  }

  /** A name as a person writes it (2 to 60 characters with a letter), stripped; else null (an emoji, a dot). */
  static String plausibleName(String text) {
    if (text == null) return null;
    String name = TypedText.clean(text).strip();
    return name.length() >= 2 && name.length() <= 60 && name.codePoints().anyMatch(Character::isLetter) ? name : null;
  }

  private Stage nameStage(Next next) {
    Stage.Reader reader =
        (draft, input, prefix) -> {
          String name = input instanceof Input.Text text ? plausibleName(text.body()) : null;
          return name != null ? new Took(name) : Reading.AGAIN;
        };
    return Stage.ask(NAME, new Prompt.Question("grievance.name"), Set.of(InputKind.TEXT), Check.ANY, "grievance.name-again", next)
        .skippedWhen(known(NAME))
        .readBy(reader);
  }

  private Stage summaryStage(Next.Filing filing) {
    Built prompt =
        new Built(
            List.of("grievance.summary", "grievance.confirm", "grievance.edit", "grievance.voice-note", "grievance.pin"),
            (voice, answers) -> voice.text("grievance.summary", summary(voice, answers)),
            (voice, answers) ->
                List.of(new Choice("confirm", voice.text("grievance.confirm"), null), new Choice("edit", voice.text("grievance.edit"), null)),
            false);
    Stage.Reader reader =
        (draft, input, prefix) -> {
          if (input instanceof Input.Media media) {
            return new Again("grievance.photo-added",
                Map.of(ATTACHMENTS, withAttachment(draft, media), PHOTO_COUNT, Integer.toString(photos(draft) + 1)), Set.of());
          }
          String chosen = chosen(input, prefix);
          if (chosen == null && input instanceof Input.Text text) {
            String yes = yesOrNo(text.body());
            chosen = "yes".equals(yes) ? "confirm" : "no".equals(yes) ? "edit" : null;
          }
          if ("confirm".equals(chosen) || "edit".equals(chosen)) return new Took(chosen);
          return Reading.AGAIN;
        };
    return Stage.ask("summary", prompt, Set.of(InputKind.CHOICE, InputKind.TEXT, InputKind.MEDIA), Check.ANY, "grievance.summary-again",
            new Next.ByAnswer(Map.of("confirm", new Next.Files("grievance.filed", filing), "edit", new Next.To("edit"))))
        .readBy(reader);
  }

  private Stage editStage() {
    Prompt prompt =
        new Prompt.Buttons(
            "grievance.edit-what",
            List.of(
                new Prompt.Button(DESCRIPTION, "grievance.edit-description"),
                new Prompt.Button(PLACE, "grievance.edit-place"),
                new Prompt.Button(CATEGORY, "grievance.edit-category")));
    return Stage.ask("edit", prompt, Set.of(InputKind.CHOICE), Check.ANY, "grievance.edit-what",
        new Next.ByAnswer(
            Map.of(
                DESCRIPTION, new Next.Redo(DESCRIPTION, List.of(DESCRIPTION)),
                PLACE, new Next.Redo(ULB, List.of(ULB, LATITUDE, LONGITUDE, ADDRESS, LANDMARK, FROM_PIN, PLACE)),
                CATEGORY, new Next.Redo(CATEGORY, List.of(CATEGORY, SUBTYPE, DEPARTMENT)))));
  }

  // ------------------------------------------------------------------ the filing

  private Next.Filed filed(Draft draft, String kind) {
    Voice voice = draft.voice();
    Tenant tenant = voice.tenant();
    String categoryId = draft.get(CATEGORY);
    String subType = blankToNull(draft.get(SUBTYPE));
    String department = draft.get(DEPARTMENT);
    String ulb = blankToNull(draft.get(ULB));
    Map<String, String> answers = new TreeMap<>();
    draft.answers().forEach((k, v) -> {
      if (!k.startsWith("_") && !k.equals(ATTACHMENTS)) answers.put(k, v);
    });
    String address = draft.has(HOME) ? draft.get(HOME) : blankToNull(draft.get(ADDRESS));
    Action.FileCase action =
        new Action.FileCase(
            flowFor(tenant).id(), answers, null, tenant.id(), ulb, kind, categoryId, subType, department,
            draft.get(DESCRIPTION), number(draft.get(LATITUDE)), number(draft.get(LONGITUDE)), address,
            blankToNull(draft.get(LANDMARK)), null, attachments(draft.get(ATTACHMENTS)), draft.get(NAME), voice.language());
    Map<String, String> params = new HashMap<>();
    params.put("name", draft.has(NAME) ? draft.get(NAME) : "");
    params.put("department", departmentName(voice, department));
    params.put("category", categoryName(voice, categoryId));
    params.put("due", DueTime.say(voice, DueTime.after(draft.circumstances().nowMillis(), slaHours(tenant, categoryId, subType))));
    return new Next.Filed(action, params);
  }

  /** The deadline of a sub-type, else of its category; a category without one gets the tenant's longest. */
  static int slaHours(Tenant tenant, String categoryId, String subTypeCode) {
    Optional<Category> category = tenant.categories().stream().filter(c -> c.id().equals(categoryId)).findFirst();
    if (category.isEmpty()) return 0;
    for (Category.SubType s : category.get().subTypes()) if (s.code().equals(subTypeCode)) return s.slaHours();
    if (category.get().slaHours() != null) return category.get().slaHours();
    return category.get().subTypes().stream().mapToInt(Category.SubType::slaHours).max().orElse(0);
  }

  // ------------------------------------------------------------------ reading helpers

  /** The list's next page, shown again with nothing chosen. */
  private static Reading nextPage(String chosen) {
    return new Again("", Map.of(Built.PAGE, chosen.substring(Built.MORE.length())), Set.of());
  }

  /** The value of a tap on this stage's own buttons, or null. */
  private static String chosen(Input input, String prefix) {
    if (input instanceof Input.Choice choice && choice.id() != null && choice.id().startsWith(prefix)) {
      return choice.id().substring(prefix.length());
    }
    return null;
  }

  /** "yes" or "no" when the whole text says so in any language ("haan", "ਹਾਂ", "nahi"), else null. */
  /** Words that say a problem was put right, in the channel's scripts and romanised. */
  private static final Set<String> FIXED = keysOf("theek", "thik", "ठीक", "ਠੀਕ", "fixed", "resolved", "solved", "repaired",
      "hal", "हल", "ਹੱਲ", "sahi", "सही", "sudhar", "सुधार", "done");
  /** Words that deny it ("not", नहीं, ਨਹੀਂ) or say it still goes on (अभी तक, ਹਾਲੇ, still). */
  private static final Set<String> NOT = keysOf("not", "no", "nahi", "nahin", "nhi", "na", "नहीं", "नही", "ਨਹੀਂ", "ਨਹੀ");
  private static final Set<String> STILL = keysOf("still", "yet", "abhi", "अभी", "ਹਾਲੇ", "ਅਜੇ", "ajje", "hale");
  /** A reply to "was it resolved?" longer than this is a new message, not an answer. */
  private static final int LONGEST_ANSWER = 8;

  private static Set<String> keysOf(String... words) {
    Set<String> keys = new HashSet<>();
    for (String word : words) keys.add(TextKey.of(word));
    return Set.copyOf(keys);
  }

  /**
   * A typed answer to "was it resolved?": yes or no as {@link #yesOrNo}, or a short sentence about
   * the repair ("abhi tak theek nahi hua", "ठीक हो गया", "still not fixed"); null for anything else.
   * A negation counts only beside a word of the repair or of its lasting, so "paani nahi aa raha"
   * stays a complaint.
   */
  String resolvedOrNot(String text) {
    String said = yesOrNo(text);
    if (said != null) return said;
    String[] keys = TextKey.tokens(text);
    if (keys.length == 0 || keys.length > LONGEST_ANSWER) return null;
    boolean fixed = false, not = false, still = false;
    for (String key : keys) {
      fixed |= FIXED.contains(key);
      not |= NOT.contains(key);
      still |= STILL.contains(key);
    }
    if (not && (fixed || still)) return "no";
    return fixed && !still ? "yes" : null;
  }

  String yesOrNo(String text) {
    String[] keys = TextKey.tokens(text);
    if (keys.length == 0 || keys.length > 3) return null;
    List<PhraseIndex.Hit> hits = yesNo.hits(keys);
    return hits.isEmpty() || !hits.get(0).whole() ? null : hits.get(0).id();
  }

  private Optional<String> subTypeIn(Tenant tenant, String categoryId, String text) {
    PhraseIndex index = subTypes.get(tenant.id() + "/" + categoryId);
    if (index == null || text == null) return Optional.empty();
    Match match = PhraseIndex.decide(index.hits(text), ComplaintMatcher.SURE, ComplaintMatcher.MARGIN, ComplaintMatcher.WORTH_SHOWING);
    return match instanceof Match.Confident sure ? Optional.of(sure.id()) : Optional.empty();
  }

  private static Map<String, String> pin(Input.Location location) {
    Map<String, String> set = new HashMap<>();
    set.put(LATITUDE, Double.toString(location.latitude()));
    set.put(LONGITUDE, Double.toString(location.longitude()));
    set.put(FROM_PIN, "1");
    String address = location.address() != null ? location.address() : location.name();
    if (TypedText.readable(address)) set.put(ADDRESS, address.strip());
    return set;
  }

  private static String attachmentLine(Input.Media media) {
    return media.kind() + "|" + media.mediaId() + "|" + (media.mimeType() == null ? "" : media.mimeType());
  }

  private static String withAttachment(Draft draft, Input.Media media) {
    return appended(draft.get(ATTACHMENTS), media);
  }

  private static String appended(String earlier, Input.Media media) {
    String line = attachmentLine(media);
    return earlier == null || earlier.isEmpty() ? line : earlier + "\n" + line;
  }

  private static int photos(Draft draft) {
    return count(draft.get(PHOTO_COUNT));
  }

  private static int count(String count) {
    return count == null ? 0 : Integer.parseInt(count);
  }

  static List<Action.Attachment> attachments(String encoded) {
    if (encoded == null || encoded.isEmpty()) return List.of();
    return Arrays.stream(encoded.split("\n"))
        .map(line -> line.split("\\|", -1))
        .map(p -> new Action.Attachment(p[0], p[1], p[2].isEmpty() ? null : p[2]))
        .toList();
  }

  // ------------------------------------------------------------------ names

  private Map<String, String> summary(Voice voice, Map<String, String> answers) {
    Map<String, String> params = new LinkedHashMap<>();
    String category = categoryName(voice, answers.get(CATEGORY));
    String subType = subTypeName(voice, answers.get(CATEGORY), answers.get(SUBTYPE));
    params.put("category", subType == null ? category : category + ": " + subType);
    params.put("town", answers.containsKey(ULB) && !answers.get(ULB).isEmpty() ? townName(voice, answers.get(ULB)) : voice.tenant().name().in(voice.language()));
    String description = answers.getOrDefault(DESCRIPTION, "");
    params.put("description", description.isEmpty() ? voice.text("grievance.voice-note") : Prompt.Built.cut(description, 300));
    String place = answers.getOrDefault(ADDRESS, "");
    if (answers.containsKey(LANDMARK) && !answers.get(LANDMARK).isEmpty()) place = place + " (" + answers.get(LANDMARK) + ")";
    if (place.isEmpty()) place = voice.text("grievance.pin");
    params.put("place", Prompt.Built.cut(place, 200));
    params.put("photos", answers.getOrDefault(PHOTO_COUNT, "0"));
    params.put("name", answers.getOrDefault(NAME, ""));
    return params;
  }

  private Optional<Category> category(Tenant tenant, String id) {
    return tenant.categories().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  String categoryName(Voice voice, String id) {
    return category(voice.tenant(), id).map(c -> c.name().in(voice.language())).orElse(id == null ? "" : id);
  }

  private String subTypeName(Voice voice, String categoryId, String code) {
    if (code == null || code.isEmpty()) return null;
    return category(voice.tenant(), categoryId).flatMap(c -> c.subTypes().stream().filter(s -> s.code().equals(code)).findFirst())
        .map(s -> s.name().in(voice.language()))
        .orElse(null);
  }

  String departmentName(Voice voice, String id) {
    if (id == null) return "";
    return directory.department(voice.tenant().id(), id).map(d -> d.name().in(voice.language())).orElse(id);
  }

  private String townName(Voice voice, String code) {
    return directory.ulb(code).map(u -> u.name(voice.language())).orElse(code);
  }

  private static String routedDepartment(Tenant tenant, String categoryId, String subTypeCode) {
    Optional<Category> category = tenant.categories().stream().filter(c -> c.id().equals(categoryId)).findFirst();
    if (category.isEmpty()) return null;
    for (Category.SubType s : category.get().subTypes()) if (s.code().equals(subTypeCode)) return s.department();
    return category.get().department();
  }

  private static MatchTarget target(Category category) {
    List<String> phrases = new ArrayList<>();
    category.keywords().values().forEach(phrases::addAll);
    phrases.addAll(category.name().byLanguage().values());
    return new MatchTarget(category.id(), telling(phrases));
  }

  /** The phrases that have a word telling them apart (a name of stop words alone says nothing). */
  /** A ULB's names in every language and the other names citizens know it by. */
  private static List<String> named(chaupal.tenancy.Ulb ulb) {
    List<String> names = new ArrayList<>(ulb.name().values());
    names.addAll(ulb.aliases());
    return names;
  }

  private static List<String> telling(java.util.Collection<String> phrases) {
    return phrases.stream()
        .filter(p -> Arrays.stream(TextKey.tokens(p)).anyMatch(k -> !StopWords.KEYS.contains(k)))
        .distinct()
        .collect(Collectors.toList());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Double number(String value) {
    return value == null ? null : Double.valueOf(value);
  }
}
