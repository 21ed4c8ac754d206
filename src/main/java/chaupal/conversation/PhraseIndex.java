package chaupal.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
  private final String[] words;
  private final int[][] phrasesOfWord;
  private final int[][] phraseWords;
  private final String[] phraseTarget;
  private final int[][] wordsByLength;
  private final long[] letterSets;

  PhraseIndex(List<MatchTarget> targets, Set<String> stopWords, IntUnaryOperator typos) {
    this.stopWords = stopWords;
    this.typos = typos;
    List<String> words = new ArrayList<>();
    List<List<Integer>> phrasesOfWord = new ArrayList<>();
    List<int[]> phraseWords = new ArrayList<>();
    List<String> phraseTarget = new ArrayList<>();
    for (MatchTarget target : targets) {
      for (String phrase : target.phrases()) {
        Set<String> keys = new LinkedHashSet<>(Arrays.asList(TextKey.tokens(phrase)));
        keys.removeAll(stopWords);
        if (keys.isEmpty()) {
          throw new IllegalArgumentException(
              target.id() + ": \"" + phrase + "\" has no word that tells it apart (only stop words or no letters)");
        }
        int phraseId = phraseWords.size();
        int[] ids = new int[keys.size()];
        int i = 0;
        for (String key : keys) {
          ids[i++] = wordIds.computeIfAbsent(key, k -> {
            words.add(k);
            phrasesOfWord.add(new ArrayList<>());
            return words.size() - 1;
          });
        }
        phraseWords.add(ids);
        phraseTarget.add(target.id());
        for (int id : ids) phrasesOfWord.get(id).add(phraseId);
      }
    }
    this.words = words.toArray(new String[0]);
    this.phrasesOfWord = phrasesOfWord.stream().map(PhraseIndex::ints).toArray(int[][]::new);
    this.phraseWords = phraseWords.toArray(new int[0][]);
    this.phraseTarget = phraseTarget.toArray(new String[0]);
    int longest = words.stream().mapToInt(String::length).max().orElse(0);
    List<List<Integer>> byLength = new ArrayList<>();
    for (int length = 0; length <= longest; length++) byLength.add(new ArrayList<>());
    for (int id = 0; id < words.size(); id++) byLength.get(words.get(id).length()).add(id);
    wordsByLength = byLength.stream().map(PhraseIndex::ints).toArray(int[][]::new);
    letterSets = words.stream().mapToLong(PhraseIndex::letterSet).toArray();
  }

  private static int[] ints(List<Integer> ids) {
    return ids.stream().mapToInt(i -> i).toArray();
  }

  /** Which letters and digits a key has: one slip changes at most two of them, a cheap first sieve. */
  private static long letterSet(String key) {
    long set = 0;
    for (int i = 0; i < key.length(); i++) set |= 1L << (key.charAt(i) & 63);
    return set;
  }

  /** The message's words as keys without stop words. */
  String[] keys(String text) {
    String[] tokens = TextKey.tokens(text); // a copy of its own
    int kept = 0;
    for (String key : tokens) if (!stopWords.contains(key)) tokens[kept++] = key;
    return kept == tokens.length ? tokens : Arrays.copyOf(tokens, kept);
  }

  /** Every target some word of the message touched, the best first (ties by id, for stable lists). */
  List<Hit> hits(String text) {
    return hits(keys(text));
  }

  /** Whether some phrase has every one of its words in the message: cheaper than {@link #hits(String)}. */
  boolean anyWhole(String text) {
    Met met = met(keys(text));
    for (int phrase : met.phrases()) if (met.found(phraseWords[phrase]) == phraseWords[phrase].length) return true;
    return false;
  }

  List<Hit> hits(String[] keys) {
    Met met = met(keys);
    if (met.size == 0) return List.of();
    Map<String, Hit> best = new HashMap<>();
    for (int phrase : met.phrases()) {
      int[] ids = phraseWords[phrase];
      double sum = 0;
      for (int id : ids) sum += met.score(id);
      boolean whole = met.found(ids) == ids.length;
      double score = whole ? sum / ids.length * (1 + 0.25 * (ids.length - 1)) : sum / ids.length;
      Hit hit = new Hit(phraseTarget[phrase], score, whole);
      // a target keeps its best phrase; of two as good, one met whole
      best.merge(hit.id(), hit, (a, b) -> a.score() > b.score() || (a.score() == b.score() && a.whole()) ? a : b);
    }
    List<Hit> sorted = new ArrayList<>(best.values());
    sorted.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id));
    return sorted;
  }

  /**
   * The words of the index a message met, each with its best score: a handful, so kept in two short
   * arrays rather than one slot for each of the index's thousands of words.
   */
  private final class Met {
    private int[] ids = new int[8];
    private double[] scores = new double[8];
    private int size;

    void meet(int id, double score) {
      for (int i = 0; i < size; i++) {
        if (ids[i] == id) {
          scores[i] = Math.max(scores[i], score);
          return;
        }
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
      }
      ids[size] = id;
      scores[size++] = score;
    }

    double score(int id) {
      for (int i = 0; i < size; i++) if (ids[i] == id) return scores[i];
      return 0;
    }

    int found(int[] words) {
      int found = 0;
      for (int id : words) if (score(id) > 0) found++;
      return found;
    }

    /** The phrases with a word met, each once (a long message touches many: no search among them). */
    int[] phrases() {
      BitSet phrases = new BitSet(phraseWords.length);
      for (int i = 0; i < size; i++) for (int phrase : phrasesOfWord[ids[i]]) phrases.set(phrase);
      int[] touched = new int[phrases.cardinality()];
      for (int phrase = phrases.nextSetBit(0), i = 0; phrase >= 0; phrase = phrases.nextSetBit(phrase + 1)) touched[i++] = phrase;
      return touched;
    }
  }

  private Met met(String[] keys) {
    Met met = new Met();
    for (String key : keys) meet(key, met);
    return met;
  }

  private void meet(String key, Met met) {
    Integer exact = wordIds.get(key);
    if (exact != null) {
      met.meet(exact, 1);
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
        int distance = Spelling.distance(key, words[id], limit);
        if (distance <= limit) met.meet(id, 1 - 0.15 * distance);
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
