package chaupal.tenancy;

import java.util.List;
import java.util.Map;

/**
 * An urban local body of a state tenant, e.g. {@code pb.jalandhar}. {@code name} is per language and
 * always has English, which stands in for a language the source had no usable name in. {@code wards}
 * is null where the count is not known; {@code review} lists what a deployer should still check.
 * {@code casePrefix} starts its case numbers ({@code JAL-26-004217}): three letters, unique in the directory.
 * {@code aliases} are other names citizens know it by (SAS Nagar for Mohali, Rupnagar for Ropar),
 * matched like the name but never shown.
 */
public record Ulb(
    String code,
    @OptionalField String casePrefix,
    Map<String, String> name,
    String district,
    Grade grade,
    double latitude,
    double longitude,
    @OptionalField Integer wards,
    @OptionalField List<Review> review,
    @OptionalField List<String> aliases) {

  public Ulb {
    // Left out: the first three letters of the code's name (pb.jalandhar: JAL); the loader checks uniqueness.
    if (casePrefix == null && code != null) casePrefix = Tenant.defaultCasePrefix(code.substring(code.indexOf('.') + 1));
    name = Map.copyOf(name);
    review = List.copyOf(review);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  /** The name in {@code language}, or in English where there is none: a citizen never sees an empty name. */
  public String name(String language) {
    String text = name.get(language);
    return text != null ? text : name.get(DirectoryLoader.REFERENCE_LANGUAGE);
  }

  public boolean needsReview(Review what) {
    return review.contains(what);
  }

  public enum Grade {
    MUNICIPAL_CORPORATION,
    MUNICIPAL_COUNCIL,
    NAGAR_PANCHAYAT
  }

  /** A value kept from the source that may be wrong: a placeholder point, a machine-made name. */
  public enum Review {
    COORDINATES,
    NAME_HI,
    NAME_PA
  }
}
