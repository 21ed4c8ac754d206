package chaupal.conversation;

import chaupal.tenancy.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The main menu as data: its entries, in order, and the answers of the ones that answer at once.
 * A new flow (grievances, services) finds its room here: an entry whose {@code choose} moves to the
 * flow's first stage, its texts in every catalog, and its stages in {@link ConversationEngine}.
 * Only entries that work are listed; nothing here says "coming soon".
 */
final class MainMenu {

  static final List<MenuEntry> ENTRIES =
      List.of(
          new MenuEntry("departments", voice -> true, MainMenu::departments),
          new MenuEntry("areas", voice -> !voice.tenant().areas().isEmpty(), MainMenu::areas),
          new MenuEntry("privacy", voice -> true, MainMenu::privacy),
          new MenuEntry("language", voice -> voice.channel().languages().size() > 1, LanguageChoice::offer),
          new MenuEntry("help", voice -> true, MainMenu::help));

  static final List<String> TEXT_KEYS =
      List.of(
          "menu.header", "menu.button", "menu.section", "menu.footer", "menu.welcome", "menu.welcome-back",
          "menu.more", "departments.text", "departments.item", "departments.item-with-phone", "areas.text",
          "areas.item", "privacy.welcome", "privacy.notice", "privacy.contact", "privacy.rights", "help.text");

  private MainMenu() {}

  static Optional<MenuEntry> entry(String id) {
    return ENTRIES.stream().filter(entry -> entry.id().equals(id)).findFirst();
  }

  /** The menu list under {@code lead}: the answer, confirmation or apology of this turn. */
  static Answer show(Voice voice, String lead) {
    List<Reply.Option> rows =
        ENTRIES.stream().filter(entry -> entry.offered().test(voice)).map(entry -> entry.option(voice)).toList();
    Reply.ListReply list =
        new Reply.ListReply(
            voice.text("menu.header"),
            lead,
            voice.text("menu.footer"),
            voice.text("menu.button"),
            List.of(new Reply.Section(voice.text("menu.section"), rows)));
    return new Answer(ConversationState.STAGE_MENU, list);
  }

  /** What a citizen reads on first contact: who we are, what we do with their data, whom to ask. */
  static String privacyNotice(Voice voice) {
    return voice.text("privacy.welcome") + "\n\n" + voice.text("privacy.notice") + "\n\n" + voice.text("privacy.contact");
  }

  private static Answer departments(Voice voice) {
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

  private static Answer areas(Voice voice) {
    String items =
        voice.tenant().areas().stream()
            .map(area -> voice.text("areas.item", Map.of("name", area.name().in(voice.language()))))
            .collect(Collectors.joining("\n"));
    return withMore(voice, voice.text("areas.text", Map.of("areas", items)));
  }

  private static Answer privacy(Voice voice) {
    return withMore(voice, voice.text("privacy.notice") + "\n\n" + voice.text("privacy.rights"));
  }

  private static Answer help(Voice voice) {
    return show(voice, voice.text("help.text"));
  }

  private static Answer withMore(Voice voice, String text) {
    return show(voice, text + "\n\n" + voice.text("menu.more"));
  }
}
