package chaupal.outbound;

import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.StatusUpdate;
import java.time.Instant;
import java.util.Objects;

/**
 * One status Meta reported for a message we sent ({@code statuses[]} of a webhook).
 *
 * @param errorCode and {@code errorTitle}: only for {@code failed}, otherwise null
 * @param recipient the citizen's WhatsApp id as Meta reports it, may be null
 * @param callbackData the {@code biz_opaque_callback_data} the send carried, echoed by Meta; may be null
 */
public record DeliveryReport(String wamid, DeliveryStatus status, Instant timestamp, Integer errorCode, String errorTitle,
    String recipient, String callbackData) {

  public DeliveryReport {
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** A report without callback data. */
  public DeliveryReport(String wamid, DeliveryStatus status, Instant timestamp, Integer errorCode, String errorTitle, String recipient) {
    this(wamid, status, timestamp, errorCode, errorTitle, recipient, null);
  }

  /** The report of a status webhook's entry; its first error, if any, is the failure's reason. */
  public static DeliveryReport of(StatusUpdate s) {
    ApiError error = s.errors().isEmpty() ? null : s.errors().get(0);
    return new DeliveryReport(s.wamid(), s.status(), s.timestamp(), error == null ? null : error.code(),
        error == null ? null : error.title(), s.recipientId(), s.bizOpaqueCallbackData());
  }
}
