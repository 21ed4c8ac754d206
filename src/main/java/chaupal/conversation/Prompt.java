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

  private static String body(Voice voice, String lead, String key, Map<String, String> answers) {
    String text = voice.text(key, answers);
    return lead == null ? text : lead + "\n\n" + text;
  }
}
