package chaupal.conversation;

import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every channel's {@link Voice} in each of its languages, made once at start: a turn picks one
 * instead of filling the placeholders and naming the languages again.
 */
final class Voices {

  private final Directory directory;
  private final Map<Channel, Map<String, Voice>> byChannel = new IdentityHashMap<>();

  Voices(Directory directory) {
    this.directory = directory;
    for (Channel channel : directory.channels()) {
      Map<String, Voice> voices = new HashMap<>();
      for (String language : channel.languages()) {
        voices.put(language, new Voice(directory, channel, directory.tenantOf(channel), language, this));
      }
      byChannel.put(channel, Map.copyOf(voices));
    }
  }

  /** The channel's voice in {@code language}; made for this turn when the channel is not one of the directory's own. */
  Voice of(Channel channel, String language) {
    Map<String, Voice> voices = byChannel.get(channel);
    Voice voice = voices == null ? null : voices.get(language);
    return voice != null ? voice : new Voice(directory, channel, directory.tenantOf(channel), language, this);
  }
}
