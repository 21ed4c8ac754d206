package chaupal.broadcast;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A template sent to the subscribers of an audience, as stored in {@code broadcast_campaign}.
 *
 * @param variants the template's language code at Meta per conversation language ({@code hi} to {@code hi}, {@code en} to {@code en_IN})
 * @param heldReason why a held campaign waits, else null
 * @param audienceSize the snapshot's size once the campaign started, else null
 */
public record Campaign(long id, String tenant, String createdBy, String templateName, String category,
    Map<String, String> variants, List<Parameter> parameters, String headerKind, String headerLink, Audience audience,
    Instant scheduledAt, State state, String heldReason, Integer audienceSize, Instant createdAt, Instant startedAt,
    Instant finishedAt) {

  public Campaign {
    variants = Map.copyOf(variants);
    parameters = List.copyOf(parameters);
  }

  /** The key the outbox and the statistics know it by. */
  public String key() {
    return Long.toString(id);
  }

  public boolean marketing() {
    return "MARKETING".equals(category);
  }

  public enum State {
    DRAFT, SCHEDULED, RUNNING, PAUSED, HELD, CANCELLED, FINISHED;

    /** As the table and the API write it. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String key) {
      return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }

    boolean over() {
      return this == CANCELLED || this == FINISHED;
    }
  }

  /**
   * One body parameter: a fixed {@code value}, or a {@code field} of the recipient: {@code ulb_name}
   * (the ULB's name in the citizen's language) or {@code ward}.
   */
  public record Parameter(String value, String field) {
    public static final List<String> FIELDS = List.of("ulb_name", "ward");

    public static Parameter fixed(String value) {
      return new Parameter(value, null);
    }

    public static Parameter of(String field) {
      return new Parameter(null, field);
    }
  }

  /**
   * Who receives it, within the tenant: empty lists mean every channel (of the tenant), ULB, ward,
   * language; {@code topics} must name at least one. One message per citizen, whatever the number of
   * their matching subscriptions.
   */
  public record Audience(List<String> channels, List<String> ulbs, List<Integer> wards, List<String> topics, List<String> languages) {
    public Audience {
      channels = channels == null ? List.of() : List.copyOf(channels);
      ulbs = ulbs == null ? List.of() : List.copyOf(ulbs);
      wards = wards == null ? List.of() : List.copyOf(wards);
      topics = topics == null ? List.of() : List.copyOf(topics);
      languages = languages == null ? List.of() : List.copyOf(languages);
    }
  }
}
