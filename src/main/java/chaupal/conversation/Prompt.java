package chaupal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a stage asks: the message it shows, under an optional lead (a confirmation, an answer, or the
 * reason it asks again). Texts come from the catalogs; the answers collected so far fill their
 * placeholders, so a summary can say what the citizen wrote.
 */
sealed interface Prompt {

  /**
   * @param lead text to show first, or null
   * @param choicePrefix what this stage's button ids start with (see {@link Flow#choicePrefix})
   */
  Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix);

  List<String> textKeys();

  /** The values of the buttons it offers; empty when it offers none of its own. */
  default List<String> choices() {
    return List.of();
  }

  default boolean offersChoices() {
    return !choices().isEmpty();
  }

  default boolean offers(String value) {
    return choices().contains(value);
  }

  /** A question answered by typing (or whatever else the stage takes). */
  record Question(String key) implements Prompt {
    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      return new Reply.TextReply(body(voice, lead, key, answers));
    }

    public List<String> textKeys() {
      return List.of(key);
    }
  }

  /** Up to three reply buttons; a tap answers with the button's value. */
  record Buttons(String key, List<Button> buttons) implements Prompt {
    public Buttons {
      buttons = List.copyOf(buttons);
    }

    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      List<Reply.Option> options =
          buttons.stream().map(b -> new Reply.Option(choicePrefix + b.value(), voice.text(b.titleKey()), null)).toList();
      return new Reply.ButtonsReply(null, body(voice, lead, key, answers), null, options);
    }

    public List<String> textKeys() {
      List<String> keys = new ArrayList<>(List.of(key));
      buttons.forEach(b -> keys.add(b.titleKey()));
      return keys;
    }

    public List<String> choices() {
      return buttons.stream().map(Button::value).toList();
    }

    @Override
    public boolean offers(String value) {
      for (Button button : buttons) {
        if (button.value().equals(value)) return true;
      }
      return false;
    }
  }

  /**
   * Reply buttons a rule reads, like the language buttons: the stage takes no input itself, so
   * anything else the citizen sends is handled as at the menu.
   */
  record ButtonsForRules(Buttons buttons) implements Prompt {
    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      return buttons.ask(voice, lead, answers, choicePrefix);
    }

    public List<String> textKeys() {
      return buttons.textKeys();
    }
  }

  /** One button: the answer it gives and the catalog key of its title. */
  record Button(String value, String titleKey) {}

  /** Asks for the citizen's location with one tap; a stage may take a typed address as well. */
  record LocationRequest(String key) implements Prompt {
    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      return new Reply.LocationRequestReply(body(voice, lead, key, answers));
    }

    public List<String> textKeys() {
      return List.of(key);
    }
  }

  /** The language buttons of the channel ({@link LanguageChoice}); the lead replaces the prompt. */
  record Languages() implements Prompt {
    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      return LanguageChoice.show(voice, lead == null ? LanguageChoice.inEveryLanguage(voice, "language.prompt") : lead);
    }

    public List<String> textKeys() {
      return LanguageChoice.TEXT_KEYS;
    }
  }

  /** The main menu ({@link MainMenu}) under the lead, or under the welcome back without one. */
  record Menu(List<MenuEntry> entries) implements Prompt {
    public Menu {
      entries = List.copyOf(entries);
    }

    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      return MainMenu.show(voice, entries, lead == null ? voice.text("menu.welcome-back") : lead);
    }

    public List<String> textKeys() {
      List<String> keys = new ArrayList<>(MainMenu.TEXT_KEYS);
      entries.forEach(entry -> keys.addAll(entry.textKeys()));
      return keys;
    }
  }

  /**
   * A prompt built from the directory and the draft: its text, and the choices it offers (the
   * tenant's categories, "Yes, Zirakpur", Confirm and Edit), shown as reply buttons when up to three
   * short ones, else as a list, nine rows a page with a "more" row when longer than ten. With
   * {@code location} and no choices it asks for the location with one tap.
   *
   * @param textKeys every catalog key it reads (for the start-up check)
   * @param options null for a prompt that offers no choices at all
   */
  record Built(List<String> textKeys, Body body, Options options, boolean location) implements Prompt {
    static final String PAGE = "_page";
    static final String MORE = "*page:";
    private static final int PAGE_ROWS = 9;

    public Built {
      textKeys = List.copyOf(textKeys);
    }

    /** Whether a chosen value is the "more" row of a long list. */
    static boolean turnsPage(String chosen) {
      return chosen != null && chosen.startsWith(MORE);
    }

    /** The text of the prompt for this draft. */
    @FunctionalInterface
    interface Body {
      String text(Voice voice, Map<String, String> answers);
    }

    /** The choices of the prompt for this draft. */
    @FunctionalInterface
    interface Options {
      List<Choice> of(Voice voice, Map<String, String> answers);
    }

    public Reply ask(Voice voice, String lead, Map<String, String> answers, String choicePrefix) {
      String text = body.text(voice, answers);
      String shown = lead == null ? text : lead + "\n\n" + text;
      List<Choice> choices = options == null ? List.of() : options.of(voice, answers);
      if (choices.isEmpty()) return location ? new Reply.LocationRequestReply(shown) : new Reply.TextReply(shown);
      boolean buttons =
          choices.size() <= Reply.BUTTONS_MAX
              && choices.stream().allMatch(c -> c.description() == null && c.title().length() <= Reply.BUTTON_TITLE_MAX);
      if (buttons) {
        List<Reply.Option> options = choices.stream().map(c -> new Reply.Option(choicePrefix + c.value(), c.title(), null)).toList();
        return new Reply.ButtonsReply(null, shown, null, options);
      }
      List<Choice> rows = page(voice, choices, answers.get(PAGE));
      List<Reply.Option> options =
          rows.stream()
              .map(c -> new Reply.Option(choicePrefix + c.value(), cut(c.title(), Reply.ROW_TITLE_MAX), rowDescription(c)))
              .toList();
      return new Reply.ListReply(null, shown, null, voice.text("choice.button"), List.of(new Reply.Section(null, options)));
    }

    public List<String> textKeys() {
      List<String> keys = new ArrayList<>(textKeys);
      keys.addAll(List.of("choice.button", "choice.more"));
      return keys;
    }

    @Override
    public boolean offersChoices() {
      return options != null;
    }

    /** A page of at most ten rows: nine and "more" while more follow. */
    private static List<Choice> page(Voice voice, List<Choice> choices, String pageAnswer) {
      if (choices.size() <= Reply.LIST_ROWS_MAX) return choices;
      int pages = (choices.size() + PAGE_ROWS - 1) / PAGE_ROWS;
      int page = pageAnswer == null ? 0 : Math.floorMod(Integer.parseInt(pageAnswer), pages);
      int from = page * PAGE_ROWS;
      List<Choice> rows = new ArrayList<>(choices.subList(from, Math.min(choices.size(), from + PAGE_ROWS)));
      rows.add(new Choice(MORE + ((page + 1) % pages), voice.text("choice.more"), null));
      return rows;
    }

    /** A title too long for a row is cut there and given whole as the row's description. */
    private static String rowDescription(Choice choice) {
      String description = choice.description();
      if (description == null && choice.title().length() > Reply.ROW_TITLE_MAX) description = choice.title();
      return description == null ? null : cut(description, Reply.ROW_DESCRIPTION_MAX);
    }

    static String cut(String text, int max) {
      if (text.length() <= max) return text;
      int end = max - 1;
      if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
      return text.substring(0, end) + "…";
    }
  }

  /** One choice of a built prompt: the answer it gives, what the citizen sees, an optional line under it. */
  record Choice(String value, String title, String description) {}

  private static String body(Voice voice, String lead, String key, Map<String, String> answers) {
    String text = voice.text(key, answers);
    return lead == null ? text : lead + "\n\n" + text;
  }
}
