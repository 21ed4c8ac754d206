package chaupal.ingress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Webhook changes no channel can take (an unknown phone_number_id, a message without any sender
 * id). Kept with their raw body so nothing Meta handed us is lost, then answered 200 so Meta
 * does not retry them for a week.
 */
public final class UnroutableWebhooks {

  private final DataSource dataSource;
  private final Executor blocking;

  public UnroutableWebhooks(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  public CompletionStage<Void> record(String phoneNumberId, String reason, byte[] rawBody) {
    return CompletableFuture.runAsync(() -> {
      try (Connection c = dataSource.getConnection();
           PreparedStatement ps = c.prepareStatement(
               "INSERT INTO unroutable_webhook (received_at, phone_number_id, reason, body) VALUES (?, ?, ?, ?)")) {
        ps.setTimestamp(1, Timestamp.from(Instant.now()));
        ps.setString(2, phoneNumberId);
        ps.setString(3, reason);
        ps.setBytes(4, rawBody);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }
}
