package chaupal.conversation;

import java.util.List;

/**
 * Finds the complaint category a citizen's free text is about ("paani nahi aa raha", "पानी नहीं आ
 * रहा", "street light kharab hai"), in any script. Built once at start from the categories'
 * keywords in every language; matching is pure and takes microseconds.
 */
final class ComplaintMatcher {

  /** A best score from here, ahead of the next by {@link #MARGIN}, is confirmed with one button. */
  static final double SURE = 0.8;

  static final double MARGIN = 0.2;

  /** Below this a category is not worth offering: half a two-word phrase, or a word two slips off. */
  static final double WORTH_SHOWING = 0.5;

  private final PhraseIndex index;

  ComplaintMatcher(List<MatchTarget> categories) {
    this.index = new PhraseIndex(categories, StopWords.KEYS, PhraseIndex.TYPOS);
  }

  Match match(String text) {
    return PhraseIndex.decide(index.hits(text), SURE, MARGIN, WORTH_SHOWING);
  }
}
