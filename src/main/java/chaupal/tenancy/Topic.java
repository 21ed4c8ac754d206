package chaupal.tenancy;

/**
 * A kind of announcement a citizen can subscribe to, e.g. "Water supply schedule". {@code category}
 * is the Meta template category its campaigns use: MARKETING needs the citizen's opt-in and ends
 * with a STOP, UTILITY does not. {@code reviewed} is false until a native speaker has checked the names.
 */
public record Topic(String id, LocalizedText name, boolean reviewed, Category category) {

  /** Meta's template categories a campaign may use. */
  public enum Category {
    MARKETING,
    UTILITY
  }

  public boolean isMarketing() {
    return category == Category.MARKETING;
  }
}
