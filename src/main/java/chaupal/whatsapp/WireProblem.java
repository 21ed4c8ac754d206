package chaupal.whatsapp;

/**
 * One part of a webhook body that cannot be read: where it is ({@code entry[0].changes[1].value.messages[3].text})
 * and what is wrong. The parser sets that element aside and goes on, so this is thrown often on
 * hostile bodies and carries no stack trace.
 */
final class WireProblem extends Exception {

  private final String where;
  private final String what;

  WireProblem(String where, String what) {
    super((where.isEmpty() ? "body" : where) + ": " + what, null, false, false);
    this.where = where;
    this.what = what;
  }

  /** The problem as seen from the element at {@code path}, which holds {@link #where}. */
  String reasonWithin(String path) {
    if (where.length() > path.length() && where.startsWith(path)) return where.substring(path.length() + 1) + ": " + what;
    return what;
  }
}
