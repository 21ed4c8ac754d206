package chaupal.simulator;

import java.util.Map;

/**
 * A snapshot of the simulator's counts.
 *
 * @param accepted sends answered with a wamid
 * @param rejectedByCode sends refused, by Cloud API error code (130429, 131056, 100, 190...)
 * @param citizenMessages messages citizens sent
 * @param webhooksDelivered webhook POSTs answered 200
 * @param webhooksRefused webhook POSTs answered otherwise or not at all (each retry counts)
 */
public record SimulatorCounters(
    long accepted, Map<Integer, Long> rejectedByCode, long citizenMessages, long webhooksDelivered, long webhooksRefused) {

  public long rejected() {
    return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  public long rejected(int code) {
    return rejectedByCode.getOrDefault(code, 0L);
  }
}
