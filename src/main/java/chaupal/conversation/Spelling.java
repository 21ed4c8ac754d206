package chaupal.conversation;

/**
 * How far apart two typed words are: optimal string alignment (Damerau-Levenshtein where a swapped
 * pair of neighbours counts as one slip, as thumbs on a phone make them). Commons Text has only
 * the plain Levenshtein distance, which counts a swap as two.
 */
final class Spelling {

  private Spelling() {}

  /** The distance when it is at most {@code limit}, otherwise {@code limit + 1}; stops early. */
  static int distance(String a, String b, int limit) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > limit) return limit + 1;
    int[] beforePrevious = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) previous[j] = j;
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowBest = i;
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, beforePrevious[j - 2] + 1);
        }
        current[j] = value;
        rowBest = Math.min(rowBest, value);
      }
      if (rowBest > limit) return limit + 1;
      int[] recycled = beforePrevious;
      beforePrevious = previous;
      previous = current;
      current = recycled;
    }
    return Math.min(previous[m], limit + 1);
  }
}
