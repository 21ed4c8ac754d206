package chaupal.loadtest;

/** Reads the {@code -Dname=value} parameters of a run, failing fast on nonsense. */
final class RunParameters {

  private RunParameters() {}

  static String string(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  static long whole(String name, long fallback, long min) {
    String raw = string(name, Long.toString(fallback));
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a whole number, got " + raw, e);
    }
    if (value < min) {
      throw new IllegalArgumentException("-D" + name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** A share from 0 to 1, e.g. {@code -DfilingShare=0.3}. */
  static double fraction(String name, double fallback) {
    String raw = string(name, Double.toString(fallback));
    double value;
    try {
      value = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a number from 0 to 1, got " + raw, e);
    }
    if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException("-D" + name + " must be from 0 to 1, got " + raw);
    return value;
  }

  static int count(String name, int fallback, int min) {
    return Math.toIntExact(whole(name, fallback, min));
  }

  /** The server under test (its first node: the simulator and the officials' API); loopback only. */
  static String loopbackBaseUrl() {
    return loopback("baseUrl", string("baseUrl", "http://127.0.0.1:8080"));
  }

  /**
   * Where webhooks go: {@code -DwebhookUrls} (comma-separated, one per node) or else the base URL.
   * Gatling gives each virtual user one of them in turn, as a load balancer in front of the nodes would.
   */
  static java.util.List<String> loopbackWebhookUrls() {
    String urls = string("webhookUrls", "");
    if (urls.isEmpty()) return java.util.List.of(loopbackBaseUrl());
    return java.util.Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty())
        .map(u -> loopback("webhookUrls", u)).toList();
  }

  /** Refuses anything but loopback so a run never loads another machine. */
  private static String loopback(String name, String baseUrl) {
    java.net.URI uri = java.net.URI.create(baseUrl);
    String host = uri.getHost();
    if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("-D" + name + " must point at this machine (127.0.0.1), got " + baseUrl);
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
