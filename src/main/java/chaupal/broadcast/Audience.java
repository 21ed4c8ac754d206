package chaupal.broadcast;

import chaupal.db.BlockingSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A campaign's audience: the citizens whose consent to one of the topics holds, on each channel
 * once, narrowed by ULBs, wards and languages (an empty list narrows nothing). Pages are keyed by
 * (channel, citizen), so a runner resumes after the last one it handled, even while consents change.
 */
public final class Audience {

  /** Whom a campaign reaches; {@code topics} must not be empty. */
  public record Selection(String tenant, List<String> topics, List<String> ulbs, List<Integer> wards, List<String> languages,
      List<String> channels) {
    public Selection {
      topics = List.copyOf(topics);
      ulbs = ulbs == null ? List.of() : List.copyOf(ulbs);
      wards = wards == null ? List.of() : List.copyOf(wards);
      languages = languages == null ? List.of() : List.copyOf(languages);
      channels = channels == null ? List.of() : List.copyOf(channels);
      if (tenant == null || topics.isEmpty()) throw new IllegalArgumentException("an audience needs a tenant and at least one topic");
    }

    /** On every channel of the tenant. */
    public Selection(String tenant, List<String> topics, List<String> ulbs, List<Integer> wards, List<String> languages) {
      this(tenant, topics, ulbs, wards, languages, null);
    }
  }

  /** One citizen on one channel, with the language of their latest consent (the template variant to send). */
  public record Member(String citizenId, String channelId, String language) {}

  private final DataSource dataSource;
  private final Executor blocking;

  public Audience(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  public CompletionStage<Long> count(Selection selection) {
    return BlockingSql.run(dataSource, blocking, c -> count(c, selection));
  }

  /** Up to {@code limit} members after {@code after} (null: from the start), in (channel, citizen) order. */
  public CompletionStage<List<Member>> page(Selection selection, Member after, int limit) {
    return BlockingSql.run(dataSource, blocking, c -> page(c, selection, after, limit));
  }

  static long count(Connection c, Selection selection) throws SQLException {
    String sql = "SELECT count(*) FROM (SELECT DISTINCT channel_id, citizen_id FROM broadcast_subscription WHERE " + where(selection, "") + ") m";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, 1, selection);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static List<Member> page(Connection c, Selection selection, Member after, int limit) throws SQLException {
    String sql =
        "SELECT DISTINCT ON (channel_id, citizen_id) channel_id, citizen_id, language FROM broadcast_subscription WHERE "
            + where(selection, "") + (after == null ? "" : " AND (channel_id, citizen_id) > (?, ?)")
            + " ORDER BY channel_id, citizen_id, subscribed_at DESC LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int next = bind(c, ps, 1, selection);
      if (after != null) {
        ps.setString(next++, after.channelId());
        ps.setString(next++, after.citizenId());
      }
      ps.setInt(next, limit);
      List<Member> members = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) members.add(new Member(rs.getString("citizen_id"), rs.getString("channel_id"), rs.getString("language")));
      }
      return members;
    }
  }

  /**
   * The one rule of who is in an audience, over {@code broadcast_subscription} rows named by {@code alias}
   * ("" or "s."): counts and pages here, a campaign's size and recipients in {@link CampaignStore}. The
   * partial audience index (tenant, topic, channel_id) WHERE ended_at IS NULL serves it.
   */
  static String where(Selection selection, String alias) {
    StringBuilder where = new StringBuilder(alias + "tenant = ? AND " + alias + "ended_at IS NULL AND " + alias + "topic = ANY(?)");
    if (!selection.channels().isEmpty()) where.append(" AND ").append(alias).append("channel_id = ANY(?)");
    if (!selection.ulbs().isEmpty()) where.append(" AND ").append(alias).append("ulb = ANY(?)");
    if (!selection.wards().isEmpty()) where.append(" AND ").append(alias).append("ward = ANY(?)");
    if (!selection.languages().isEmpty()) where.append(" AND ").append(alias).append("language = ANY(?)");
    return where.toString();
  }

  /** Binds {@link #where}'s parameters from {@code first}; returns the next parameter's index. */
  static int bind(Connection c, PreparedStatement ps, int first, Selection selection) throws SQLException {
    int i = first;
    ps.setString(i++, selection.tenant());
    ps.setArray(i++, c.createArrayOf("varchar", selection.topics().toArray()));
    if (!selection.channels().isEmpty()) ps.setArray(i++, c.createArrayOf("varchar", selection.channels().toArray()));
    if (!selection.ulbs().isEmpty()) ps.setArray(i++, c.createArrayOf("varchar", selection.ulbs().toArray()));
    if (!selection.wards().isEmpty()) ps.setArray(i++, c.createArrayOf("integer", selection.wards().toArray()));
    if (!selection.languages().isEmpty()) ps.setArray(i++, c.createArrayOf("varchar", selection.languages().toArray()));
    return i;
  }
}
