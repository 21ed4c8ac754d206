package chaupal.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code value.statuses[]} item about a message we sent ({@code wamid}). Dedup key:
 * (wamid, status). {@code errors} is filled only for {@link DeliveryStatus#FAILED}.
 * {@code bizOpaqueCallbackData} echoes what the send request carried, or null.
 */
public record StatusUpdate(
    String wamid,
    DeliveryStatus status,
    Instant timestamp,
    String recipientId,
    String recipientUserId,
    List<ApiError> errors,
    String bizOpaqueCallbackData) {

  public StatusUpdate {
    Objects.requireNonNull(wamid, "wamid");
    Objects.requireNonNull(status, "status");
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
