package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertFalse;

import chaupal.tenancy.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the conversation engine costs a message in the spine scenario's turns (loadtest
 * {@code webhook}): "hi", the language button, then three complaints, on every shipped channel in
 * each of its languages. Prints microseconds a message per round of 100,000 messages; the first
 * rounds include the JIT's warm-up. A benchmark, not a test: surefire runs it only when asked.
 *
 * <p>Run: {@code mvn -B test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EngineBenchmark {

  private static final List<String> LANGUAGES = List.of("en", "hi", "pa");

  /** The loadtest's complaints (loadtest/src/test/java/chaupal/loadtest/Language.java). */
  private static final List<List<String>> COMPLAINTS =
      List.of(
          List.of("Streetlight not working near the bus stand", "Garbage not collected for three days",
              "Pothole on Ward 12/B main road", "Water supply is irregular in our lane"),
          List.of("बस स्टैंड के पास स्ट्रीट लाइट खराब है", "तीन दिन से कूड़ा नहीं उठाया गया",
              "वार्ड 12/B की मुख्य सड़क पर गड्ढा है", "हमारी गली में पानी की सप्लाई ठीक नहीं है"),
          List.of("ਬੱਸ ਅੱਡੇ ਕੋਲ ਸਟਰੀਟ ਲਾਈਟ ਖਰਾਬ ਹੈ", "ਤਿੰਨ ਦਿਨਾਂ ਤੋਂ ਕੂੜਾ ਨਹੀਂ ਚੁੱਕਿਆ ਗਿਆ",
              "ਵਾਰਡ 12/B ਦੀ ਮੁੱਖ ਸੜਕ ਤੇ ਟੋਆ ਹੈ", "ਸਾਡੀ ਗਲੀ ਵਿੱਚ ਪਾਣੀ ਦੀ ਸਪਲਾਈ ਠੀਕ ਨਹੀਂ"));

  @Test
  void spineTurns() {
    ConversationEngine engine = ConversationEngineTest.ENGINE;
    List<Channel> channels = ConversationEngineTest.DIRECTORY.channels();
    int citizens = 20_000;
    for (int round = 0; round < 10; round++) {
      long started = System.nanoTime();
      int messages = 0;
      for (int n = 0; n < citizens; n++) {
        Channel channel = channels.get(n % channels.size());
        String language = channel.languages().get((n / channels.size()) % channel.languages().size());
        List<String> complaints = COMPLAINTS.get(Math.max(0, LANGUAGES.indexOf(language)));
        ConversationState state = ConversationState.NEW;
        List<Input> inputs =
            List.of(new Input.Text("hi"), new Input.Choice(LanguageChoice.OPTION_PREFIX + language, language),
                new Input.Text(complaints.get(n % 4)), new Input.Text(complaints.get((n + 1) % 4)),
                new Input.Text(complaints.get((n + 2) % 4)));
        for (Input input : inputs) {
          Turn turn = engine.handle(channel, state, null, input);
          assertFalse(turn.replies().isEmpty(), "never silence");
          state = turn.next();
          messages++;
        }
      }
      System.out.printf("round %d: %.2f us a message%n", round, (System.nanoTime() - started) / 1000.0 / messages);
    }
  }
}
