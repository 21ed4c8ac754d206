package chaupal.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Scores how well a message's words cover each target's phrases, built once from plain data. A
 * phrase of several words counts when its words appear anywhere in the message; a word may be
 * misspelt by as many slips as the typo allowance gives its length. A word met exactly counts 1, one
 * slip 0.85, two slips 0.7. A phrase's score is the mean over its words when all of them were met,
 * raised by a quarter per extra word (a longer phrase met whole is the surer sign), and the plain
 * share of its words when some are missing. A target scores its best phrase.
 */
final class PhraseIndex {

  static final int BEST_FEW = 3;

  /**
   * No slip in words of up to 4 letters (gali/nali, band/sand, fir/fire are different words), one in
   * 5 or 6 letters, two beyond ("sewrage" is "sewerage").
   */
  static final IntUnaryOperator TYPOS = length -> length <= 4 ? 0 : length <= 6 ? 1 : 2;

  record Hit(String id, double score, boolean whole) {}

  private final Set<String> stopWords;
  private final IntUnaryOperator typos;
  private final Map<String, Integer> wordIds = new HashMap<>();
  private final List<String> words = new ArrayList<>();
  private final List<List<Integer>> phrasesOfWord = new ArrayList<>();
  private final List<int[]> phraseWords = new ArrayList<>();
  private final List<String> phraseTarget = new ArrayList<>();
  private final int[][] wordsByLength;
  private final long[] letterSets;

  PhraseIndex(List<MatchTarget> targets, Set<String> stopWords, IntUnaryOperator typos) {
    this.stopWords = stopWords;
    this.typos = typos;
    for (MatchTarget target : targets) {
      for (String phrase : target.phrases()) {
        Set<String> keys = new LinkedHashSet<>(Arrays.asList(TextKey.tokens(phrase)));
        keys.removeAll(stopWords);
        if (keys.isEmpty()) {
          throw new IllegalArgumentException(
              target.id() + ": \"" + phrase + "\" has no word that tells it apart (only stop words or no letters)");
        }
        int phraseId = phraseWords.size();
        phraseWords.add(keys.stream().mapToInt(this::wordId).toArray());
        phraseTarget.add(target.id());
        for (String key : keys) phrasesOfWord.get(wordIds.get(key)).add(phraseId);
      }
    }
    int longest = words.stream().mapToInt(String::length).max().orElse(0);
    List<List<Integer>> byLength = new ArrayList<>();
    for (int length = 0; length <= longest; length++) byLength.add(new ArrayList<>());
    for (int id = 0; id < words.size(); id++) byLength.get(words.get(id).length()).add(id);
    wordsByLength = byLength.stream().map(ids -> ids.stream().mapToInt(i -> i).toArray()).toArray(int[][]::new);
    letterSets = words.stream().mapToLong(PhraseIndex::letterSet).toArray();
  }

  /** Which letters and digits a key has: one slip changes at most two of them, a cheap first sieve. */
  private static long letterSet(String key) {
    long set = 0;
    for (int i = 0; i < key.length(); i++) set |= 1L << (key.charAt(i) & 63);
    return set;
  }

  private int wordId(String key) {
    return wordIds.computeIfAbsent(
        key,
        k -> {
          words.add(k);
          phrasesOfWord.add(new ArrayList<>());
          return words.size() - 1;
        });
  }

  /** The message's words as keys without stop words. */
  String[] keys(String text) {
    return Arrays.stream(TextKey.tokens(text)).filter(key -> !stopWords.contains(key)).toArray(String[]::new);
  }

  /** Every target some word of the message touched, the best first (ties by id, for stable lists). */
  List<Hit> hits(String text) {
    return hits(keys(text));
  }

  List<Hit> hits(String[] keys) {
    double[] met = new double[words.size()];
    for (String key : keys) meet(key, met);
    Map<String, Hit> best = new HashMap<>();
    Set<Integer> phrases = new LinkedHashSet<>();
    for (int word = 0; word < met.length; word++) if (met[word] > 0) phrases.addAll(phrasesOfWord.get(word));
    for (int phrase : phrases) {
      int[] ids = phraseWords.get(phrase);
      double sum = 0;
      int found = 0;
      for (int id : ids) {
        sum += met[id];
        if (met[id] > 0) found++;
      }
      boolean whole = found == ids.length;
      double score = whole ? sum / ids.length * (1 + 0.25 * (ids.length - 1)) : sum / ids.length;
      Hit hit = new Hit(phraseTarget.get(phrase), score, whole);
      best.merge(hit.id(), hit, (a, b) -> a.score() >= b.score() ? a : b);
    }
    List<Hit> sorted = new ArrayList<>(best.values());
    sorted.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id));
    return sorted;
  }

  private void meet(String key, double[] met) {
    Integer exact = wordIds.get(key);
    if (exact != null) {
      met[exact] = 1;
      return;
    }
    int allowance = typos.applyAsInt(key.length());
    if (allowance == 0) return;
    long letters = letterSet(key);
    int from = Math.max(0, key.length() - allowance);
    int to = Math.min(wordsByLength.length - 1, key.length() + allowance);
    for (int length = from; length <= to; length++) {
      int limit = Math.min(allowance, typos.applyAsInt(length));
      if (Math.abs(length - key.length()) > limit) continue;
      for (int id : wordsByLength[length]) {
        if (Long.bitCount(letters ^ letterSets[id]) > 2 * limit) continue;
        int distance = Spelling.distance(key, words.get(id), limit);
        if (distance <= limit) met[id] = Math.max(met[id], 1 - 0.15 * distance);
      }
    }
  }

  /** A sure hit stands out: its score reaches {@code sure} and the next one trails by {@code margin}. */
  static Match decide(List<Hit> hits, double sure, double margin, double worthShowing) {
    if (hits.isEmpty()) return Match.NONE;
    Hit first = hits.get(0);
    boolean alone = hits.size() == 1 || first.score() - hits.get(1).score() >= margin;
    if (first.score() >= sure && alone) return new Match.Confident(first.id());
    List<String> few =
        hits.stream().filter(h -> h.score() >= worthShowing).limit(BEST_FEW).map(Hit::id).toList();
    return few.isEmpty() ? Match.NONE : new Match.Unsure(few);
  }
}
