package chaupal.ingress;

import akka.Done;
import java.util.concurrent.CompletionStage;

/**
 * Hears Meta's {@code user_preferences}: a citizen stopped or resumed marketing messages from a
 * number. Platform implements it with the citizen's entity, which records the end of every
 * marketing consent on that channel (reason user-preferences) or brings back what it ended. The
 * webhook is answered 200 only once it completes; {@code key} is the same for Meta's retry of the
 * same item, so that a repeat is recognised.
 */
public interface MarketingPreferences {

  CompletionStage<Done> heard(String channelId, String waId, boolean stop, long atMillis, String key);

  /** The key of one item: channel, citizen, time and value. */
  static String key(String channelId, String waId, boolean stop, long atMillis) {
    return "user-preferences/" + channelId + "/" + waId + "/" + atMillis + "/" + (stop ? "stop" : "resume");
  }
}
