package chaupal.broadcast;

import chaupal.db.CsvExport;
import chaupal.outbound.Lane;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The campaigns' tables ({@code broadcast_campaign}, {@code broadcast_campaign_recipient}, V83) and what
 * they read of others': the audience from {@code broadcast_subscription}, the outbox's backlog, its
 * template sends of any lane (the portfolio's day) and each message's fate from {@code outbound_message}
 * and {@code outbound_delivery_status}, joined on the outbox key. Plain JDBC on a connection the caller runs on the blocking dispatcher.
 */
final class CampaignStore {

  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new ParameterNamesModule()).build();
  private static final String COLUMNS = "id, tenant, created_by, template_name, category, variants, parameters, header_kind, "
      + "header_link, audience, scheduled_at, state, held_reason, audience_size, created_at, started_at, finished_at";

  /** A recipient waiting to be handed to their entity. */
  record Pending(String citizenId, String channelId, String topic, String language, String ulb, Integer ward) {}

  /** What the runner learned of one recipient: queued, not-subscribed, or pending again with an error. */
  record Result(String citizenId, String state, String error) {}

  private CampaignStore() {}

  static long insert(Connection c, Campaign x, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO broadcast_campaign (tenant, created_by, template_name, category, "
        + "languages, variants, parameters, header_kind, header_link, audience, scheduled_at, state, created_at, updated_at) "
        + "VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?, 'draft', ?, ?) RETURNING id")) {
      ps.setString(1, x.tenant());
      ps.setString(2, x.createdBy());
      ps.setString(3, x.templateName());
      ps.setString(4, x.category());
      ps.setString(5, json(List.copyOf(new TreeMap<>(x.variants()).keySet())));
      ps.setString(6, json(new TreeMap<>(x.variants())));
      ps.setString(7, json(x.parameters()));
      ps.setString(8, x.headerKind());
      ps.setString(9, x.headerLink());
      ps.setString(10, json(x.audience()));
      ps.setObject(11, time(x.scheduledAt()));
      ps.setObject(12, time(now));
      ps.setObject(13, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static Optional<Campaign> find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM broadcast_campaign WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(campaign(rs)) : Optional.empty();
      }
    }
  }

  /** The tenant's campaigns, newest first. */
  static List<Campaign> list(Connection c, String tenant, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM broadcast_campaign WHERE tenant = ? ORDER BY id DESC LIMIT ?")) {
      ps.setString(1, tenant);
      ps.setInt(2, limit);
      return campaigns(ps);
    }
  }

  /** The campaigns the runner looks after: due, running or held. */
  static List<Campaign> active(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM broadcast_campaign WHERE state IN ('running', 'held') "
        + "OR (state = 'scheduled' AND scheduled_at <= ?) ORDER BY id")) {
      ps.setObject(1, time(now));
      return campaigns(ps);
    }
  }

  /** Moves the campaign from one of {@code from} to {@code to}; false when it was in none of them. */
  static boolean move(Connection c, long id, List<Campaign.State> from, Campaign.State to, String heldReason, Instant scheduledAt,
      Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE broadcast_campaign SET state = ?, held_reason = ?, updated_at = ?, "
        + "scheduled_at = coalesce(?, scheduled_at), finished_at = CASE WHEN ? IN ('finished', 'cancelled') THEN ? ELSE finished_at END "
        + "WHERE id = ? AND state = ANY(?)")) {
      ps.setString(1, to.key());
      ps.setString(2, heldReason);
      ps.setObject(3, time(now));
      ps.setObject(4, time(scheduledAt));
      ps.setString(5, to.key());
      ps.setObject(6, time(now));
      ps.setLong(7, id);
      ps.setArray(8, c.createArrayOf("varchar", from.stream().map(Campaign.State::key).toArray()));
      return ps.executeUpdate() == 1;
    }
  }

  /** How many citizens the audience has now: one per citizen, however many of their subscriptions match. */
  static int audienceSize(Connection c, String tenant, Campaign.Audience audience, List<String> channels, List<String> languages)
      throws SQLException {
    Audience.Selection selection = selection(tenant, audience, channels, languages);
    try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT s.citizen_id) FROM broadcast_subscription s WHERE "
        + Audience.where(selection, "s."))) {
      Audience.bind(c, ps, 1, selection);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Takes the audience into the campaign's recipients and starts it, in one transaction and once: a
   * second call (after a crash between the two) finds it running and inserts nothing.
   */
  static boolean start(Connection c, Campaign x, List<String> channels, List<String> languages, Instant now) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT state FROM broadcast_campaign WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, x.id());
        try (ResultSet rs = lock.executeQuery()) {
          if (!rs.next() || !"scheduled".equals(rs.getString(1))) {
            c.rollback();
            return false;
          }
        }
      }
      int size;
      Audience.Selection selection = selection(x.tenant(), x.audience(), channels, languages);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO broadcast_campaign_recipient (campaign_id, citizen_id, channel_id, "
          + "topic, language, ulb, ward, updated_at) SELECT DISTINCT ON (s.citizen_id) ?, s.citizen_id, s.channel_id, s.topic, "
          + "s.language, s.ulb, s.ward, ? FROM broadcast_subscription s WHERE " + Audience.where(selection, "s.")
          + " ORDER BY s.citizen_id, s.subscribed_at DESC, s.channel_id, s.topic ON CONFLICT DO NOTHING")) {
        ps.setLong(1, x.id());
        ps.setObject(2, time(now));
        Audience.bind(c, ps, 3, selection);
        size = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE broadcast_campaign SET state = 'running', audience_size = ?, "
          + "started_at = ?, updated_at = ? WHERE id = ?")) {
        ps.setInt(1, size);
        ps.setObject(2, time(now));
        ps.setObject(3, time(now));
        ps.setLong(4, x.id());
        ps.executeUpdate();
      }
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  // The campaign names its channels and languages (never empty: the tenant's channels, the template's variants).
  private static Audience.Selection selection(String tenant, Campaign.Audience a, List<String> channels, List<String> languages) {
    return new Audience.Selection(tenant, a.topics(), a.ulbs(), a.wards(), languages, channels);
  }

  /** Meta's per-user marketing limit: the citizen got many marketing messages lately; a resend within 24 h fails again. */
  static final int PER_USER_MARKETING_LIMIT = 131049;

  // A failure of the recipient's at Meta's per-user marketing limit since the parameter (V90 indexes these few rows).
  private static final String LIMITED = "FROM outbound_delivery_status d WHERE d.error_code = " + PER_USER_MARKETING_LIMIT
      + " AND d.recipient = r.citizen_id AND d.status_at > ?";

  /**
   * Up to {@code limit} recipients of the campaign on the channel still to be handed over; with
   * {@code limitedSince}, none that Meta refused at its per-user marketing limit since then (they wait).
   */
  static List<Pending> pending(Connection c, long campaignId, String channelId, int limit, Instant limitedSince) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT citizen_id, channel_id, topic, language, ulb, ward "
        + "FROM broadcast_campaign_recipient r WHERE campaign_id = ? AND channel_id = ? AND state = 'pending' "
        + (limitedSince == null ? "" : "AND NOT EXISTS (SELECT 1 " + LIMITED + ") ") + "ORDER BY citizen_id LIMIT ?")) {
      int i = 1;
      ps.setLong(i++, campaignId);
      ps.setString(i++, channelId);
      if (limitedSince != null) ps.setObject(i++, time(limitedSince));
      ps.setInt(i, limit);
      List<Pending> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              (Integer) rs.getObject(6)));
        }
      }
      return rows;
    }
  }

  /**
   * When every recipient still pending waits out Meta's per-user marketing limit (refused since
   * {@code since}): how many, and when the first of them may be sent to; else empty.
   */
  static Optional<Limited> allLimited(Connection c, long campaignId, Instant since) throws SQLException {
    // Asked whenever a round hands over nothing (a full backlog, too): the first free recipient ends the look.
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM broadcast_campaign_recipient r "
        + "WHERE r.campaign_id = ? AND r.state = 'pending' AND NOT EXISTS (SELECT 1 " + LIMITED + "))")) {
      ps.setLong(1, campaignId);
      ps.setObject(2, time(since));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) return Optional.empty();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*), min(l.last) FROM broadcast_campaign_recipient r "
        + "CROSS JOIN LATERAL (SELECT max(d.status_at) AS last " + LIMITED + ") l WHERE r.campaign_id = ? AND r.state = 'pending'")) {
      ps.setObject(1, time(since));
      ps.setLong(2, campaignId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        OffsetDateTime earliest = rs.getObject(2, OffsetDateTime.class);
        return rs.getLong(1) == 0 || earliest == null ? Optional.empty() : Optional.of(new Limited(rs.getLong(1), earliest.toInstant()));
      }
    }
  }

  /** {@code count} recipients wait for the per-user marketing limit; the first was refused at {@code earliest}. */
  record Limited(long count, Instant earliest) {}

  static boolean anyPending(Connection c, long campaignId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM broadcast_campaign_recipient WHERE campaign_id = ? AND state = 'pending')")) {
      ps.setLong(1, campaignId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Writes what the entities answered; a failed hand-over stays pending until {@code maxAttempts}, then is refused. */
  static void record(Connection c, long campaignId, List<Result> results, int maxAttempts, Instant now) throws SQLException {
    if (results.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement("UPDATE broadcast_campaign_recipient r SET "
        + "state = CASE WHEN u.state = 'pending' AND r.attempts + 1 >= ? THEN 'refused' ELSE u.state END, "
        + "attempts = r.attempts + 1, queued_at = CASE WHEN u.state = 'queued' THEN ? ELSE r.queued_at END, "
        + "last_error = u.error, updated_at = ? "
        + "FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS u(citizen_id, state, error) "
        + "WHERE r.campaign_id = ? AND r.citizen_id = u.citizen_id AND r.state = 'pending'")) {
      ps.setInt(1, maxAttempts);
      ps.setObject(2, time(now));
      ps.setObject(3, time(now));
      ps.setArray(4, c.createArrayOf("varchar", results.stream().map(Result::citizenId).toArray()));
      ps.setArray(5, c.createArrayOf("varchar", results.stream().map(Result::state).toArray()));
      ps.setArray(6, c.createArrayOf("varchar", results.stream().map(Result::error).toArray()));
      ps.setLong(7, campaignId);
      ps.executeUpdate();
    }
  }

  /** Campaign messages of each channel still waiting unsent in the outbox. */
  static Map<String, Integer> backlog(Connection c, List<String> channels) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT phone_number_id, count(*) FROM outbound_message "
        + "WHERE state = 'pending' AND lane = ? AND phone_number_id = ANY(?) GROUP BY phone_number_id")) {
      ps.setInt(1, Lane.CAMPAIGN.ordinal());
      ps.setArray(2, c.createArrayOf("varchar", channels.toArray()));
      Map<String, Integer> counts = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) counts.put(rs.getString(1), rs.getInt(2));
      }
      return counts;
    }
  }

  // Business-initiated sends on the channels (or, with others, on every channel but these) since the time:
  // campaign recipients handed over (their message may not have left yet) and any lane's rows Meta accepted
  // as a template (V92 indexes them); a free-form text inside the window is not in it.
  private static final String BUSINESS_INITIATED = """
      SELECT citizen_id AS who, queued_at AS at FROM broadcast_campaign_recipient
      WHERE state = 'queued' AND queued_at > ? AND (channel_id = ANY (?)) <> ?
      UNION ALL
      SELECT recipient, template_sent_at FROM outbound_message
      WHERE template_sent_at > ? AND (phone_number_id = ANY (?)) <> ?""";

  static final String REACHED = "SELECT count(*), min(last) FROM (SELECT who, max(at) AS last FROM (" + BUSINESS_INITIATED
      + ") sends GROUP BY who) reached";

  /**
   * The unique citizens the portfolio's channels (or, with {@code others}, every channel but these) sent
   * business-initiated messages to since {@code since}, and when a place frees first: 24 h after the
   * earliest of each citizen's latest sends.
   */
  static Reach reached(Connection c, List<String> channels, boolean others, Instant since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REACHED)) {
      bindReached(c, ps, channels, others, since);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        OffsetDateTime earliest = rs.getObject(2, OffsetDateTime.class);
        return new Reach(rs.getInt(1), earliest == null ? null : earliest.toInstant());
      }
    }
  }

  /** Binds {@link #REACHED}'s parameters: each half of it takes the same three. */
  static void bindReached(Connection c, PreparedStatement ps, List<String> channels, boolean others, Instant since) throws SQLException {
    Array members = c.createArrayOf("varchar", channels.toArray());
    for (int first : new int[] {1, 4}) {
      ps.setObject(first, time(since));
      ps.setArray(first + 1, members);
      ps.setBoolean(first + 2, others);
    }
  }

  record Reach(int users, Instant earliest) {}

  /** The campaign's figures now; {@code rate} is INR per delivered message of its category (Meta bills delivery, not the send). */
  static CampaignStatistics statistics(Connection c, Campaign x, BigDecimal rate) throws SQLException {
    String prefix = CampaignMessage.outboxKey(x.key(), "");
    long audience, pending, queued, notSubscribed, refused, sent, delivered, read, optedOut;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*), "
        + "count(*) FILTER (WHERE r.state = 'pending'), count(*) FILTER (WHERE r.state = 'queued'), "
        + "count(*) FILTER (WHERE r.state = 'not-subscribed'), count(*) FILTER (WHERE r.state = 'refused'), "
        + "count(*) FILTER (WHERE d.status IN ('sent', 'delivered', 'read', 'played')), "
        + "count(*) FILTER (WHERE d.status IN ('delivered', 'read', 'played')), "
        + "count(*) FILTER (WHERE d.status IN ('read', 'played')), "
        + "count(*) FILTER (WHERE s.ended_at >= coalesce(?, s.ended_at)) "
        + "FROM broadcast_campaign_recipient r "
        + "LEFT JOIN outbound_message m ON m.message_key = ? || r.citizen_id "
        + "LEFT JOIN outbound_delivery_status d ON d.wamid = m.wamid "
        + "LEFT JOIN broadcast_subscription s ON s.channel_id = r.channel_id AND s.citizen_id = r.citizen_id AND s.topic = r.topic "
        + "WHERE r.campaign_id = ?")) {
      ps.setObject(1, time(x.startedAt()));
      ps.setString(2, prefix);
      ps.setLong(3, x.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        audience = rs.getLong(1);
        pending = rs.getLong(2);
        queued = rs.getLong(3);
        notSubscribed = rs.getLong(4);
        refused = rs.getLong(5);
        sent = rs.getLong(6);
        delivered = rs.getLong(7);
        read = rs.getLong(8);
        optedOut = rs.getLong(9);
      }
    }
    Map<String, Long> failed = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(d.error_code, m.error_code), count(*) "
        + "FROM broadcast_campaign_recipient r JOIN outbound_message m ON m.message_key = ? || r.citizen_id "
        + "LEFT JOIN outbound_delivery_status d ON d.wamid = m.wamid "
        + "WHERE r.campaign_id = ? AND (d.status = 'failed' OR (d.status IS NULL AND m.state IN ('failed', 'expired'))) GROUP BY 1")) {
      ps.setString(1, prefix);
      ps.setLong(2, x.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) failed.put(rs.getObject(1) == null ? "unknown" : Integer.toString(rs.getInt(1)), rs.getLong(2));
      }
    }
    return new CampaignStatistics(x.audienceSize() == null ? audience : x.audienceSize(), pending, queued, sent, delivered, read,
        failed, failed.values().stream().mapToLong(Long::longValue).sum(), notSubscribed, refused, optedOut,
        rate.multiply(BigDecimal.valueOf(delivered)));
  }

  /** The report's columns: who, where, how far the message got. */
  static final List<String> REPORT_HEADER = List.of("citizen", "channel", "language", "ulb", "ward", "state", "attempts",
      "outbox", "status", "error_code", "updated_at");

  /** One line per recipient for the report, in the citizens' order. */
  static CsvExport.Rows report(Campaign x) {
    return new CsvExport.Rows() {
      @Override
      public PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT r.citizen_id, r.channel_id, r.language, r.ulb, r.ward, r.state, r.attempts, "
            + "m.state, d.status, coalesce(d.error_code, m.error_code), greatest(r.updated_at, m.updated_at, d.updated_at) "
            + "FROM broadcast_campaign_recipient r LEFT JOIN outbound_message m ON m.message_key = ? || r.citizen_id "
            + "LEFT JOIN outbound_delivery_status d ON d.wamid = m.wamid WHERE r.campaign_id = ? ORDER BY r.citizen_id");
        ps.setString(1, CampaignMessage.outboxKey(x.key(), ""));
        ps.setLong(2, x.id());
        return ps;
      }

      @Override
      public List<String> cells(ResultSet rs) throws SQLException {
        List<String> cells = new ArrayList<>(REPORT_HEADER.size());
        for (int i = 1; i <= 10; i++) {
          Object value = rs.getObject(i);
          cells.add(value == null ? "" : value.toString());
        }
        OffsetDateTime updated = rs.getObject(11, OffsetDateTime.class);
        cells.add(updated == null ? "" : updated.toInstant().toString());
        return cells;
      }
    };
  }

  private static List<Campaign> campaigns(PreparedStatement ps) throws SQLException {
    List<Campaign> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) found.add(campaign(rs));
    }
    return found;
  }

  private static Campaign campaign(ResultSet rs) throws SQLException {
    return new Campaign(rs.getLong("id"), rs.getString("tenant"), rs.getString("created_by"), rs.getString("template_name"),
        rs.getString("category"), read(rs.getString("variants"), new TypeReference<Map<String, String>>() {}),
        read(rs.getString("parameters"), new TypeReference<List<Campaign.Parameter>>() {}), rs.getString("header_kind"),
        rs.getString("header_link"), read(rs.getString("audience"), new TypeReference<Campaign.Audience>() {}),
        instant(rs, "scheduled_at"), Campaign.State.of(rs.getString("state")), rs.getString("held_reason"),
        (Integer) rs.getObject("audience_size"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime time(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store the campaign: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable campaign column: " + e.getOriginalMessage(), e);
    }
  }
}
