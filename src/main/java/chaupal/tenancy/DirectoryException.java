package chaupal.tenancy;

/**
 * The directory in {@code project-config/} is wrong. The message is one line naming the file, the
 * field and the problem, e.g. {@code project-config/channels.conf: channels[2].languages: "xx" is not
 * a supported language (en, hi, pa)}, so that an operator can fix it from a log line alone.
 */
public final class DirectoryException extends RuntimeException {

  public DirectoryException(String message) {
    super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }
}
