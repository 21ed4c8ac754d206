package chaupal.broadcast;

/**
 * How long citizens' messages wait now, for a thread or for their write (each node's ingress
 * measures its own; {@link ClusterCitizensWaiting} gives the busiest node's): the campaign runner
 * hands over less while it is long, so that a campaign never takes a node from the citizens who
 * write to it.
 */
@FunctionalInterface
public interface CitizensWaiting {

  /** Nobody measures: campaigns go at their channels' pace. */
  CitizensWaiting NONE = () -> 0;

  long nanos();
}
