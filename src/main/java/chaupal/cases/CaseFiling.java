package chaupal.cases;

import java.util.List;

/**
 * What a citizen filed, as the citizen's entity recorded it (its number was given to the citizen
 * in the same event). The case part makes exactly one case of it. {@code requestId} names the
 * citizen event it came from (persistence id and sequence number), so a replay is recognised.
 *
 * @param kind complaint, or for Samvad 24x7 demand, problem or suggestion
 * @param ulb ULB code, or null for a tenant without ULBs
 * @param category category id of the tenant; {@code subType} its sub-type code, or null
 * @param department the department the citizen chose, or null to route by category
 * @param ward the ward number when known, else null
 */
public record CaseFiling(
    String number,
    String requestId,
    String tenant,
    String ulb,
    String kind,
    String category,
    String subType,
    String department,
    String description,
    Double latitude,
    Double longitude,
    String address,
    String landmark,
    Integer ward,
    List<Attachment> attachments,
    String citizenId,
    String citizenName,
    String channelId,
    String language,
    long filedAtMillis) {

  public CaseFiling {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A photo, voice note or document the citizen sent, by the Cloud API media id. */
  public record Attachment(String kind, String mediaId, String mimeType) {}
}
