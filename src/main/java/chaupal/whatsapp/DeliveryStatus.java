package chaupal.whatsapp;

import java.util.Locale;
import java.util.Optional;

/**
 * The statuses Meta reports for a message we sent, in the order a message lives through them.
 * A status never moves backwards: a late {@code delivered} after {@code read} changes nothing.
 * {@code failed} is final and outranks everything.
 */
public enum DeliveryStatus {
  SENT(1),
  DELIVERED(2),
  READ(3),
  PLAYED(4),
  FAILED(9);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  /** The wire name, as in {@code "status":"delivered"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeliveryStatus> fromWire(String value) {
    if (value == null) return Optional.empty();
    for (DeliveryStatus s : values()) {
      if (s.wireName().equals(value)) return Optional.of(s);
    }
    return Optional.empty();
  }
}
