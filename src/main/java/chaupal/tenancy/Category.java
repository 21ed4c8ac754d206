package chaupal.tenancy;

import java.util.List;
import java.util.Map;

/**
 * A kind of grievance a tenant takes, e.g. "Street lights". Either it has {@code subTypes}, each with
 * its department and deadline, or it is one kind with its own {@code slaHours}; then {@code department}
 * routes it, or, when absent, the citizen chooses the department. {@code reviewed} is false until a
 * native speaker has checked the names. {@code keywords} are per language, plus {@link #ROMANISED}
 * for Hindi or Punjabi typed in Latin letters. {@code deployerToSet}: the deadline is a placeholder.
 */
public record Category(
    String id,
    @OptionalField String menuPath,
    LocalizedText name,
    boolean reviewed,
    Map<String, List<String>> keywords,
    @OptionalField String department,
    @OptionalField Integer slaHours,
    @OptionalField Boolean deployerToSet,
    @OptionalField List<SubType> subTypes) {

  /** The key of {@link #keywords} for words typed in Latin letters in an Indian language. */
  public static final String ROMANISED = "romanised";

  public Category {
    keywords = Map.copyOf(keywords);
    subTypes = List.copyOf(subTypes);
  }

  /** The words for {@code language}, and none for a language without any. */
  public List<String> keywords(String language) {
    return keywords.getOrDefault(language, List.of());
  }

  public boolean slaIsPlaceholder() {
    return Boolean.TRUE.equals(deployerToSet);
  }

  /** One ServiceDef of a category, e.g. {@code StreetLightNotWorking}, answered within {@code slaHours}. */
  public record SubType(String code, LocalizedText name, String department, int slaHours) {}
}
