package chaupal.outbound;

import akka.Done;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hears that Meta refused a marketing message because the citizen stopped marketing messages from
 * this number (131050). Platform implements it with the citizen's entity, which ends every
 * marketing consent on that channel (reason meta-131050), so no campaign tries again. Told again
 * for a repeated status: ending what has ended changes nothing.
 */
public interface MarketingRefusals {

  /** Meta's code for "this recipient has chosen to stop receiving marketing messages". */
  int STOPPED_MARKETING = 131050;

  /** Before platform wires the citizens: nobody to tell. */
  MarketingRefusals NONE = (phoneNumberId, recipient, atMillis) -> CompletableFuture.completedFuture(Done.getInstance());

  CompletionStage<Done> stopped(String phoneNumberId, String recipient, long atMillis);
}
