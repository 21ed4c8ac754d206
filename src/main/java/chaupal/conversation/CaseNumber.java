package chaupal.conversation;

/**
 * A case's number as citizens see and type it: the ULB's three-letter prefix, the two-digit year
 * and a six-digit sequence, {@code JAL-26-004217}; letters and digits only, so it is typeable on a
 * phone keypad, and the prefix names the ULB.
 */
public record CaseNumber(String prefix, int year, int sequence) {

  public CaseNumber {
    if (prefix == null || !prefix.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("case number prefix must be three letters A-Z, was " + prefix);
    }
    if (year < 0 || year > 99) throw new IllegalArgumentException("case number year must be 0-99, was " + year);
    if (sequence < 1 || sequence > 999_999) {
      throw new IllegalArgumentException("case number sequence must be 1-999999, was " + sequence);
    }
  }

  @Override
  public String toString() {
    return String.format("%s-%02d-%06d", prefix, year, sequence);
  }
}
