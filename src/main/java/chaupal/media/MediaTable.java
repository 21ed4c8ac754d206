package chaupal.media;

import static chaupal.db.BlockingSql.bindColumns;

import chaupal.db.BlockingSql.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code media_file} and {@code media_unreferenced} tables. Every method runs on the caller's connection. */
final class MediaTable {

  private static final String PENDING_COLUMNS = "channel_id, media_id, kind, claimed_mime, citizen_id, attempts, received_at";

  // Claimed at once by the node whose projection wrote them; replays (and Meta's repeats) insert nothing.
  private static final String RECORD = """
      INSERT INTO media_file (channel_id, media_id, citizen_id, kind, claimed_mime, received_at, next_attempt_at)
      SELECT u.channel_id, u.media_id, u.citizen_id, u.kind, u.claimed_mime, to_timestamp(u.at_ms / 1000.0),
             now() + ? * interval '1 millisecond'
      FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])
           AS u(channel_id, media_id, citizen_id, kind, claimed_mime, at_ms)
      ON CONFLICT (channel_id, media_id) DO NOTHING
      RETURNING\s""" + PENDING_COLUMNS;

  // Several nodes poll: each takes its rows for claim-for, so none downloads what another is fetching.
  private static final String CLAIM_DUE = """
      UPDATE media_file SET next_attempt_at = now() + ? * interval '1 millisecond'
      WHERE (channel_id, media_id) IN (
        SELECT channel_id, media_id FROM media_file
        WHERE state = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
      RETURNING\s""" + PENDING_COLUMNS;

  private static final String RETRY = """
      UPDATE media_file SET attempts = attempts + 1, next_attempt_at = now() + ? * interval '1 millisecond', last_error = ?
      WHERE channel_id = ? AND media_id = ? AND state = 'pending'""";

  private static final String FAIL = """
      UPDATE media_file SET attempts = attempts + 1, state = 'failed', last_error = ?
      WHERE channel_id = ? AND media_id = ? AND state = 'pending'""";

  private static final String STORE = """
      UPDATE media_file SET attempts = attempts + 1, state = 'stored', sha256 = ?, mime_type = ?, size_bytes = ?,
        stored_at = now(), last_error = NULL
      WHERE channel_id = ? AND media_id = ? AND state = 'pending'""";

  private static final String OPEN = """
      SELECT channel_id, media_id, kind, mime_type, size_bytes, sha256, citizen_id FROM media_file
      WHERE media_id = ? AND (?::varchar IS NULL OR channel_id = ?) AND state = 'stored'
      ORDER BY stored_at LIMIT 1""";

  // The same photo uploaded again is the same row: its id is its content.
  private static final String RECORD_UPLOAD = """
      INSERT INTO media_file (channel_id, media_id, citizen_id, kind, claimed_mime, mime_type, sha256, size_bytes, state,
                              received_at, stored_at, source, uploaded_by)
      VALUES (?, ?, NULL, 'image', ?, ?, ?, ?, 'stored', now(), now(), 'upload', ?)
      ON CONFLICT (channel_id, media_id) DO NOTHING""";

  private MediaTable() {}

  /** Records an upload whose file is in place (under the sha256's lock). */
  static void recordUpload(Connection c, String mediaId, String claimedMime, String mimeType, String sha256, long size,
      String uploadedBy) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RECORD_UPLOAD)) {
      ps.setString(1, MediaUploads.CHANNEL);
      ps.setString(2, mediaId);
      ps.setString(3, clip(claimedMime));
      ps.setString(4, mimeType);
      ps.setString(5, sha256);
      ps.setLong(6, size);
      ps.setString(7, uploadedBy);
      ps.executeUpdate();
    }
  }

  static List<PendingMedia> record(Connection c, List<MediaRef> refs, List<Instant> receivedAt, Duration claimFor) throws SQLException {
    int n = refs.size();
    Object[] channels = new Object[n], ids = new Object[n], citizens = new Object[n], kinds = new Object[n], mimes = new Object[n], at = new Object[n];
    for (int i = 0; i < n; i++) {
      MediaRef r = refs.get(i);
      channels[i] = r.channelId();
      ids[i] = r.mediaId();
      citizens[i] = r.citizenId();
      kinds[i] = r.kind().wireName();
      mimes[i] = r.mimeType();
      at[i] = receivedAt.get(i).toEpochMilli();
    }
    try (PreparedStatement ps = c.prepareStatement(RECORD)) {
      ps.setLong(1, claimFor.toMillis());
      bindColumns(c, ps, 2, new Column("varchar", channels), new Column("varchar", ids), new Column("varchar", citizens),
          new Column("varchar", kinds), new Column("varchar", mimes), new Column("bigint", at));
      return pending(ps);
    }
  }

  static List<PendingMedia> claimDue(Connection c, int limit, Duration claimFor) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
      ps.setLong(1, claimFor.toMillis());
      ps.setInt(2, limit);
      return pending(ps);
    }
  }

  static void retry(Connection c, PendingMedia m, Duration delay, String error) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RETRY)) {
      ps.setLong(1, delay.toMillis());
      ps.setString(2, clip(error));
      ps.setString(3, m.channelId());
      ps.setString(4, m.mediaId());
      ps.executeUpdate();
    }
  }

  static void fail(Connection c, PendingMedia m, String error) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FAIL)) {
      ps.setString(1, clip(error));
      ps.setString(2, m.channelId());
      ps.setString(3, m.mediaId());
      ps.executeUpdate();
    }
  }

  /** Marks the row stored; 0 when it is gone (the citizen was forgotten meanwhile) or was stored already. */
  static int stored(Connection c, PendingMedia m, String sha256, String mimeType, long size) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(STORE)) {
      ps.setString(1, sha256);
      ps.setString(2, mimeType);
      ps.setLong(3, size);
      ps.setString(4, m.channelId());
      ps.setString(5, m.mediaId());
      return ps.executeUpdate();
    }
  }

  /** Serializes, for one sha256, storing a file and deleting it; held until the transaction ends. */
  static void lock(Connection c, String sha256) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 60))")) {
      ps.setString(1, "media:" + sha256);
      ps.executeQuery().close();
    }
  }

  static boolean referenced(Connection c, String sha256) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM media_file WHERE sha256 = ?)")) {
      ps.setString(1, sha256);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Notes that the file of {@code sha256} may have lost its last row. DO UPDATE, not DO NOTHING: a
   * sweep holding the note may have found the file still referenced a moment ago and is about to
   * settle it; the update waits for that sweep, and inserts the note again once it is gone.
   */
  static void unreferenced(Connection c, List<String> sha256s) throws SQLException {
    if (sha256s.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO media_unreferenced (sha256) SELECT DISTINCT unnest(?::varchar[]) ON CONFLICT (sha256) DO UPDATE SET since = now()")) {
      ps.setArray(1, c.createArrayOf("varchar", sha256s.toArray()));
      ps.executeUpdate();
    }
  }

  /** Some files noted unreferenced, each taken by this transaction alone. */
  static List<String> takeUnreferenced(Connection c, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM media_unreferenced ORDER BY since LIMIT ? FOR UPDATE SKIP LOCKED")) {
      ps.setInt(1, limit);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    }
  }

  static void settled(Connection c, String sha256) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM media_unreferenced WHERE sha256 = ?")) {
      ps.setString(1, sha256);
      ps.executeUpdate();
    }
  }

  /** A stored media by its id (on this channel, or any when {@code channelId} is null). */
  static Optional<StoredMedia> open(Connection c, String channelId, String mediaId, MediaFiles files) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OPEN)) {
      ps.setString(1, mediaId);
      ps.setString(2, channelId);
      ps.setString(3, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        String sha = rs.getString(6);
        return Optional.of(new StoredMedia(rs.getString(1), rs.getString(2), kind(rs.getString(3)), rs.getString(4),
            rs.getLong(5), sha, rs.getString(7), files.pathOf(sha)));
      }
    }
  }

  /** Deletes these citizens' rows; returns the sha256 of the files those rows referenced. */
  static List<String> forget(Connection c, List<String> citizenIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM media_file WHERE citizen_id = ANY(?) RETURNING sha256")) {
      ps.setArray(1, c.createArrayOf("varchar", citizenIds.toArray()));
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) if (rs.getString(1) != null) out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static List<PendingMedia> pending(PreparedStatement ps) throws SQLException {
    List<PendingMedia> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Timestamp at = rs.getTimestamp(7);
        out.add(new PendingMedia(rs.getString(1), rs.getString(2), kind(rs.getString(3)), rs.getString(4), rs.getString(5),
            rs.getInt(6), at.toInstant()));
      }
    }
    return out;
  }

  private static MediaKind kind(String wireName) {
    return MediaKind.valueOf(wireName.toUpperCase(Locale.ROOT));
  }

  private static String clip(String error) {
    return error == null || error.length() <= 1024 ? error : error.substring(0, 1024);
  }
}
