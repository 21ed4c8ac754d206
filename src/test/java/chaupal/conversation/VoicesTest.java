package chaupal.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import org.junit.jupiter.api.Test;

class VoicesTest {

  private static final Directory DIRECTORY = ConversationEngineTest.DIRECTORY;

  @Test
  void aChannelOfTheDirectorySpeaksWithTheSameVoiceEveryTurnInEachOfItsLanguages() {
    Voices voices = new Voices(DIRECTORY);
    for (Channel channel : DIRECTORY.channels()) {
      for (String language : channel.languages()) {
        Voice voice = voices.of(channel, language);
        assertSame(voice, voices.of(channel, language), channel.name() + " " + language);
        assertEquals(language, voice.language());
        for (String other : channel.languages()) assertSame(voices.of(channel, other), voice.in(other));
        // filled once, and as the catalog fills it
        Voice fresh = new Voice(DIRECTORY, channel, DIRECTORY.tenantOf(channel), language);
        assertEquals(fresh.text("menu.welcome"), voice.text("menu.welcome"));
        assertSame(voice.text("menu.welcome"), voice.text("menu.welcome"));
      }
    }
  }

  @Test
  void aChannelFromElsewhereStillGetsItsVoice() {
    Voices voices = new Voices(DIRECTORY);
    Channel known = DIRECTORY.channels().get(0);
    String language = known.defaultLanguage();
    Voice voice = voices.of(new Channel(known.phoneNumberId(), known.displayNumber(), known.name(), known.tenantId(),
        known.languages(), known.messagesPerSecond(), known.templates(), known.wabaId()), language);
    assertEquals(voices.of(known, language).text("menu.welcome"), voice.text("menu.welcome"));
    assertNotSame(voices.of(known, language), voice);
  }
}
