package chaupal.broadcast;

import java.util.List;

/**
 * One campaign message for one citizen: the template variant in their language with its parameters.
 * The citizen's entity checks the consent for {@code topic} (whatever the category) and queues it on the campaign
 * lane; the outbox key is {@code campaign/<campaignId>/<citizenId>}, so it is queued once at most.
 *
 * @param topic the consent it needs: the audience's topic the citizen subscribed to, utility or marketing
 * @param category MARKETING or UTILITY, as Meta has the template
 * @param headerKind image or document for a header such as a scheme's poster, else null
 * @param headerLink the header's https link (or Meta media id), else null
 */
public record CampaignMessage(String campaignId, String channelId, String topic, String category, String templateName,
    String languageCode, List<String> bodyParameters, String headerKind, String headerLink) {

  public CampaignMessage {
    bodyParameters = bodyParameters == null ? List.of() : List.copyOf(bodyParameters);
  }

  /** The outbox's message key of this campaign's message to that citizen. */
  public static String outboxKey(String campaignId, String citizenId) {
    return "campaign/" + campaignId + "/" + citizenId;
  }
}
