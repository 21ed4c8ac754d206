package chaupal.broadcast;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A campaign's figures as they stand: recipients by the runner's state, messages by Meta's furthest
 * status, failures by error code (131049: the per-user marketing limit, 131050: stopped marketing), and
 * the cost so far at the configured rate of the template's category.
 *
 * @param pending not yet handed to the citizen's entity
 * @param queued handed over: in the citizen's line and the outbox
 * @param notSubscribed the consent had ended when the message was due
 * @param refused given up after repeated failed hand-overs
 * @param optedOut recipients whose subscription ended since the campaign started
 * @param costInr delivered (or read) times the rate: Meta charges a template message when it is delivered
 */
public record CampaignStatistics(long audience, long pending, long queued, long sent, long delivered, long read,
    Map<String, Long> failedByCode, long failed, long notSubscribed, long refused, long optedOut, BigDecimal costInr) {

  public CampaignStatistics {
    failedByCode = Map.copyOf(failedByCode);
  }
}
