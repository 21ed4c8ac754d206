package chaupal.ingress;

import akka.Done;
import java.util.concurrent.CompletionStage;

/**
 * Where a checked missed call goes: the citizen's entity, which sends the channel's approved welcome
 * template (at most once per quiet time) and records the consent source "missed-call". Completes once
 * that decision is persisted; a failed stage makes the provider retry.
 */
public interface MissedCalls {

  /**
   * @param channelId the called channel's phone number id
   * @param callerWaId the caller's number, E.164 digits without +
   * @param atMillis when the call was missed, as the provider says
   * @param callId the provider's id of the call
   */
  CompletionStage<Done> heard(String channelId, String callerWaId, long atMillis, String callId);
}
