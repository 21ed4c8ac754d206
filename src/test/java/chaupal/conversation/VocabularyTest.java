package chaupal.conversation;

import static chaupal.conversation.ConversationEngineTest.DIRECTORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chaupal.conversation.Vocabulary.Greeting;
import chaupal.conversation.Vocabulary.LanguageNamed;
import chaupal.conversation.Vocabulary.Meaning;
import chaupal.conversation.Vocabulary.Topic;
import chaupal.tenancy.Directory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VocabularyTest {

  static final Vocabulary VOCABULARY =
      new Vocabulary(DIRECTORY, MainMenu.ENTRIES.stream().map(MenuEntry::id).toList());

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hi | greeting",
        "  HELLO!!!  | greeting",
        "Hiiii | greeting",
        "helloooo | greeting",
        "hello there | greeting",
        "hey, good morning | greeting",
        "नमस्ते। | greeting",
        "नमस्कार 🙏 | greeting",
        "🙏🏽 namaste ji | greeting",
        "ਸਤ ਸ੍ਰੀ ਅਕਾਲ | greeting",
        "ਸਤਿ ਸ਼੍ਰੀ ਅਕਾਲ ਜੀ | greeting",
        "Sat Shri Akal | greeting",
        "sat sri akaal ji | greeting",
        "मेनू | greeting",
        "ਮੀਨੂ | greeting",
        "START | greeting",
        "hindi | language:hi",
        "हिन्दी | language:hi",
        "हिंदी में | language:hi",
        "hi hindi | language:hi",
        "english | language:en",
        "Angrezi | language:en",
        "अंग्रेज़ी | language:en",
        "अंग्रेजी | language:en",
        "ਅੰਗਰੇਜ਼ੀ | language:en",
        "ਪੰਜਾਬੀ | language:pa",
        "Punjabi please | language:pa",
        "पंजाबी | language:pa",
        "language | topic:language",
        "change language | topic:language",
        "भाषा | topic:language",
        "ਭਾਸ਼ਾ | topic:language",
        "hindi language | language:hi",
        "help | topic:help",
        "मदद चाहिए | topic:help",
        "helpline number | topic:departments",
        "विभाग | topic:departments",
        "delete my data | topic:privacy",
        "menu help | topic:help",
        "my street light is not working since monday | none",
        "hindi mein baat karni hai mujhe | none",
        "nahi | none",
        "🙂 | none",
        "'' | none",
        "12345 | none"
      })
  void recognises(String text, String expected) {
    assertEquals(expected, describe(VOCABULARY.recognize(text)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "  Hello,   World!!  | helo world",
        "अंग्रेज़ी | अंग्रेजी",
        "ਸ਼੍ਰੀ | ਸ੍ਰੀ",
        "hi 👋️ | hi",
      })
  void normalizes(String text, String expected) {
    assertEquals(expected, Vocabulary.normalize(text));
  }

  @ParameterizedTest
  @CsvSource({"en", "hi", "pa"})
  void everyListedPhraseIsRecognisedAsWhatItsListSays(String language) {
    var catalog = DIRECTORY.catalog(language);
    for (String phrase : catalog.words("match.greeting")) assertEquals("greeting", describe(VOCABULARY.recognize(phrase)), phrase);
    for (String phrase : catalog.words("match.this-language")) {
      assertEquals("language:" + language, describe(VOCABULARY.recognize(phrase)), phrase);
    }
    for (String topic : List.of("language", "help", "departments", "areas", "privacy")) {
      for (String phrase : catalog.words("match." + topic)) {
        assertEquals("topic:" + topic, describe(VOCABULARY.recognize(phrase)), phrase);
      }
    }
  }

  @Test
  void onePhraseCannotMeanTwoThings() throws Exception {
    Directory directory = Directory.load(Path.of(getClass().getResource("/conversation/conflicting-words").toURI()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Vocabulary(directory, List.of()));
    assertEquals(
        "catalogs/hi.conf match.this-language: \"Hi!\" already means something else in catalogs/en.conf match.greeting",
        e.getMessage());
  }

  static String describe(Optional<Meaning> meaning) {
    if (meaning.isEmpty()) return "none";
    if (meaning.get() instanceof Greeting) return "greeting";
    if (meaning.get() instanceof LanguageNamed named) return "language:" + named.language();
    return "topic:" + ((Topic) meaning.get()).entryId();
  }
}
