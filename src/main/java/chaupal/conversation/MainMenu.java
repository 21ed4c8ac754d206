package chaupal.conversation;

import chaupal.tenancy.Tenant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main flow as data: the menu's entries, in order, and the two stages every citizen passes
 * through, the language buttons and the menu. A new flow finds its room here: an entry that
 * {@link MenuEntry#opens opens} it, its texts in every catalog, and its {@link Flow} handed to the
 * engine. Only entries that work are listed; nothing here says "coming soon".
 */
final class MainMenu {

  static final List<MenuEntry> ENTRIES =
      List.of(
          MenuEntry.of("grievance", voice -> !voice.tenant().categories().isEmpty(), new MenuEntry.Complains()),
          MenuEntry.of("track", voice -> !voice.tenant().categories().isEmpty(), new MenuEntry.Tracks()),
          MenuEntry.opens("updates", voice -> !voice.tenant().topics().isEmpty(), Updates.FLOW, null),
          MenuEntry.of("subscriptions", voice -> !voice.tenant().topics().isEmpty(), new MenuEntry.ListsConsents()),
          MenuEntry.says("departments", voice -> true, MainMenu::departments),
          MenuEntry.says("areas", voice -> !voice.tenant().areas().isEmpty(), MainMenu::areas),
          MenuEntry.says("privacy", voice -> true, texts("privacy.notice", "privacy.rights", "menu.more")),
          MenuEntry.opens(
              "language",
              voice -> voice.channel().languages().size() > 1,
              ConversationState.FLOW_MAIN,
              ConversationState.STAGE_LANGUAGE),
          MenuEntry.says("help", voice -> true, texts("help.text")));

  static final List<String> TEXT_KEYS =
      List.of(
          "menu.header", "menu.button", "menu.section", "menu.footer", "menu.welcome", "menu.welcome-back",
          "menu.more", "departments.text", "departments.item", "departments.item-with-phone", "areas.text",
          "areas.item", "privacy.welcome", "privacy.notice", "privacy.contact", "privacy.rights", "help.text");

  private static final Function<Voice, String> PRIVACY_NOTICE = texts("privacy.welcome", "privacy.notice", "privacy.contact");

  /** "Report" and "menu": the values of the media question's buttons, read by the engine's rule. */
  static final String REPORT = "report";
  static final String SHOW_MENU = "menu";

  /** Is this captionless photo or voice note about a problem? Many are greetings, so nothing is filed unasked. */
  private static final Prompt MEDIA_QUESTION =
      new Prompt.ButtonsForRules(
          new Prompt.Buttons(
              "media-question.ask",
              List.of(new Prompt.Button(REPORT, "media-question.report"), new Prompt.Button(SHOW_MENU, "media-question.menu"))));

  private MainMenu() {}

  /**
   * The main flow with these menu entries: the menu first (where every flow returns), then the
   * language buttons, then the question asked about a captionless photo or voice note.
   */
  static Flow flow(List<MenuEntry> entries) {
    return new Flow(
        ConversationState.FLOW_MAIN,
        List.of(
            Stage.answeredByRules(ConversationState.STAGE_MENU, new Prompt.Menu(entries)),
            Stage.answeredByRules(ConversationState.STAGE_LANGUAGE, new Prompt.Languages()),
            Stage.answeredByRules(ConversationState.STAGE_MEDIA_QUESTION, MEDIA_QUESTION)));
  }

  /** The menu list under {@code lead}: the answer, confirmation or apology of this turn. */
  static Reply show(Voice voice, List<MenuEntry> entries, String lead) {
    List<Reply.Option> rows = voice.once(entries,
        () -> entries.stream().filter(entry -> entry.offered().test(voice)).map(entry -> entry.option(voice)).toList());
    return new Reply.ListReply(
        voice.text("menu.header"),
        lead,
        voice.text("menu.footer"),
        voice.text("menu.button"),
        List.of(new Reply.Section(voice.text("menu.section"), rows)));
  }

  /** What a citizen reads on first contact: who we are, what we do with their data, whom to ask. */
  static String privacyNotice(Voice voice) {
    return PRIVACY_NOTICE.apply(voice);
  }

  /** Catalog texts one after the other, a blank line between them. */
  private static Function<Voice, String> texts(String... keys) {
    return voice -> Stream.of(keys).map(voice::text).collect(Collectors.joining("\n\n"));
  }

  private static String departments(Voice voice) {
    String items =
        voice.tenant().departments().stream()
            .map(department -> departmentLine(voice, department))
            .collect(Collectors.joining("\n"));
    return withMore(voice, voice.text("departments.text", Map.of("departments", items)));
  }

  private static String departmentLine(Voice voice, Tenant.Department department) {
    String name = department.name().in(voice.language());
    return department.phone() == null
        ? voice.text("departments.item", Map.of("name", name))
        : voice.text("departments.item-with-phone", Map.of("name", name, "phone", department.phone()));
  }

  private static String areas(Voice voice) {
    String items =
        voice.tenant().areas().stream()
            .map(area -> voice.text("areas.item", Map.of("name", area.name().in(voice.language()))))
            .collect(Collectors.joining("\n"));
    return withMore(voice, voice.text("areas.text", Map.of("areas", items)));
  }

  private static String withMore(Voice voice, String text) {
    return text + "\n\n" + voice.text("menu.more");
  }
}
