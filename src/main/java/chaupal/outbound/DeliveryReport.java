package chaupal.outbound;

import chaupal.whatsapp.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One status Meta reported for a message we sent ({@code statuses[]} of a webhook).
 *
 * @param errorCode and {@code errorTitle}: only for {@code failed}, otherwise null
 * @param recipient the citizen's WhatsApp id as Meta reports it, may be null
 */
public record DeliveryReport(String wamid, DeliveryStatus status, Instant timestamp, Integer errorCode, String errorTitle, String recipient) {

  public DeliveryReport {
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
