package chaupal.outbound;

/**
 * Which messages go first when citizens compete for a channel's throughput. One citizen's own
 * messages still leave strictly in outbox order, whatever their lanes: a citizen is one line.
 */
public enum Lane {
  /** An answer to a message the citizen just sent. */
  REPLY,
  /** News the citizen is waiting for: a case's status changed, a payment went through. */
  NOTIFICATION,
  /** A broadcast the citizen subscribed to. */
  CAMPAIGN;

  /** The value in {@code outbound_message.lane}. */
  int column() {
    return ordinal();
  }

  static Lane fromColumn(int value) {
    return values()[value];
  }
}
