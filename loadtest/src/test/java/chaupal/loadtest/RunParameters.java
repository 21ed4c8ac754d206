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

  static int count(String name, int fallback, int min) {
    return Math.toIntExact(whole(name, fallback, min));
  }

  /** The server under test; refuses anything but loopback so a run never loads another machine. */
  static String loopbackBaseUrl() {
    String baseUrl = string("baseUrl", "http://127.0.0.1:8080");
    java.net.URI uri = java.net.URI.create(baseUrl);
    String host = uri.getHost();
    if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("-DbaseUrl must point at this machine (127.0.0.1), got " + baseUrl);
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
