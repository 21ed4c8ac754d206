package chaupal.ingress;

import chaupal.db.BlockingSql;
import chaupal.db.Forgetting;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.RejectedElement;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * What no channel can take from a webhook (a change for an unknown phone_number_id, a message
 * without a usable sender, a group message, a status without a timestamp ...). Kept so that nothing
 * Meta handed us is lost, then answered 200 so Meta does not retry it for a week. One row per
 * request whatever the body holds: the body once, the counts by reason and the first
 * {@link #MAX_LISTED} elements with their paths, so a body of a thousand bad elements costs one body.
 */
public final class UnroutableWebhooks implements Forgetting {

  static final int MAX_LISTED = 100;
  static final int MAX_REASONS = 50;
  private static final int MAX_SUMMARY = 200;

  private final DataSource dataSource;
  private final Executor blocking;

  public UnroutableWebhooks(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  /** Stores one row for a request; {@code phoneNumberId} is the first unknown one of the body, or null. */
  public CompletionStage<Void> record(String phoneNumberId, List<RejectedElement> elements, byte[] rawBody) {
    String summary = summary(elements);
    String listed = listed(elements);
    return BlockingSql.run(dataSource, blocking, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO unroutable_webhook (received_at, phone_number_id, reason, body, elements) VALUES (?, ?, ?, ?, ?)")) {
        ps.setTimestamp(1, Timestamp.from(Instant.now()));
        ps.setString(2, phoneNumberId);
        ps.setString(3, summary);
        ps.setBytes(4, rawBody);
        ps.setString(5, listed);
        ps.executeUpdate();
        return null;
      }
    });
  }

  /** Unroutable webhooks hold no citizen id; they are forgotten by age, as old as a silent citizen. */
  @Override
  public int forgetOlderThan(Connection c, Instant cutoff) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM unroutable_webhook WHERE received_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    }
  }

  /** "3 set aside: 2 no channel has this phone_number_id; 1 group message; ...", at most 200 characters. */
  static String summary(List<RejectedElement> elements) {
    StringBuilder s = new StringBuilder().append(elements.size()).append(" set aside:");
    String sep = " ";
    for (Map.Entry<String, Integer> e : countsByReason(elements).entrySet()) {
      s.append(sep).append(e.getValue()).append(' ').append(e.getKey());
      sep = "; ";
    }
    return s.length() <= MAX_SUMMARY ? s.toString() : s.substring(0, MAX_SUMMARY - 3) + "...";
  }

  /** The most frequent reasons first, at most {@link #MAX_REASONS} of them; the rest counted as "other reasons". */
  static Map<String, Integer> countsByReason(List<RejectedElement> elements) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (RejectedElement e : elements) counts.merge(e.reason(), 1, Integer::sum);
    Map<String, Integer> top = new LinkedHashMap<>();
    int other = 0;
    List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    for (Map.Entry<String, Integer> e : sorted) {
      if (top.size() < MAX_REASONS) top.put(e.getKey(), e.getValue());
      else other += e.getValue();
    }
    if (other > 0) top.put("other reasons", other);
    return top;
  }

  private static String listed(List<RejectedElement> elements) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("count", elements.size());
    ObjectNode reasons = doc.putObject("reasons");
    countsByReason(elements).forEach(reasons::put);
    var list = doc.putArray("elements");
    for (RejectedElement e : elements.subList(0, Math.min(elements.size(), MAX_LISTED))) {
      ObjectNode item = list.addObject().put("at", e.path()).put("reason", e.reason());
      if (e.raw() != null) item.put("raw", e.raw());
    }
    // ASCII only: no NUL or lone surrogate reaches the text column.
    return new String(MetaJson.write(doc), StandardCharsets.US_ASCII);
  }
}
