package chaupal.broadcast;

/**
 * How long citizens' messages wait on this node now, for a thread or for their write (the
 * ingress measures it): the campaign runner hands over less while it is long, so that a campaign
 * never takes the node from the citizens who write to it.
 */
@FunctionalInterface
public interface CitizensWaiting {

  /** Nobody measures: campaigns go at their channels' pace. */
  CitizensWaiting NONE = () -> 0;

  long nanos();
}
