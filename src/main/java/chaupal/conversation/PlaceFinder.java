package chaupal.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds which ULB a citizen means where a channel serves many: the nearest one to a shared
 * location, if within {@code maxKilometres}, or a typed town name in any script, exactly
 * (confident) or with slips ("zirakpr": "Did you mean Zirakpur?").
 */
final class PlaceFinder {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  private final List<Place> places;
  private final double maxKilometres;
  private final PhraseIndex names;

  PlaceFinder(List<Place> places, double maxKilometres) {
    if (!(maxKilometres > 0)) throw new IllegalArgumentException("maximum distance must be above 0 km, was " + maxKilometres);
    this.places = List.copyOf(places);
    this.maxKilometres = maxKilometres;
    this.names =
        new PhraseIndex(
            places.stream().map(p -> new MatchTarget(p.code(), p.names())).collect(Collectors.toList()),
            StopWords.KEYS,
            PhraseIndex.TYPOS);
  }

  /** The nearest place within the maximum distance, confident; none when all are further. */
  Match near(double latitude, double longitude) {
    Place nearest = null;
    double nearestKm = Double.MAX_VALUE;
    for (Place place : places) {
      double km = kilometres(latitude, longitude, place.latitude(), place.longitude());
      if (km < nearestKm) {
        nearest = place;
        nearestKm = km;
      }
    }
    return nearest != null && nearestKm <= maxKilometres ? new Match.Confident(nearest.code()) : Match.NONE;
  }

  /**
   * A name met exactly and whole is confident; anything less is a "did you mean". Two words typed
   * apart may be one name of the directory ("Dera Bassi" for Derabassi): each pair is tried joined.
   */
  Match named(String text) {
    String[] keys = names.keys(text);
    Match match = named(keys);
    for (int i = 0; i + 1 < keys.length && !(match instanceof Match.Confident); i++) {
      List<String> joined = new ArrayList<>(Arrays.asList(keys));
      joined.set(i, keys[i] + keys[i + 1]);
      joined.remove(i + 1);
      if (named(joined.toArray(String[]::new)) instanceof Match.Confident sure) match = sure;
    }
    return match;
  }

  private Match named(String[] keys) {
    return PhraseIndex.decide(names.hits(keys), 1.0, 0.01, ComplaintMatcher.WORTH_SHOWING);
  }

  /** Great-circle distance (haversine). */
  static double kilometres(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
