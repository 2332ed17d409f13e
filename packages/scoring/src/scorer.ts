import { buildChineseLexicon } from './chinese/lexicon.js';
import { scoreChinese } from './chinese/score-chinese.js';
import { cleanText } from './clean-text.js';
import { countScripts, languageOf } from './detect-language.js';
import { buildEnglishLexicon } from './english/lexicon.js';
import { scoreEnglish } from './english/score-english.js';
import { labelOf, ratingScore } from './label.js';
import { emptyTally } from './tally.js';
import { topicsFromBits } from './topics.js';
import type { Lang, ScoreOptions, TextScore, TextScorer } from './types.js';

/**
 * The real scorer: English (AFINN-165 from `sentiment` plus our review lexicon and rules) and
 * Chinese (our lexicon, Traditional folded to Simplified, longest-match segmentation). Build one per
 * process; it never throws for odd text.
 *
 * @example
 * const scorer = createTextScorer();
 * scorer.score('arrived broken, refund please');
 * // { label: 'negative', topics: ['quality'], complaint: true, terms: ['broken', 'refund'], ... }
 */
export function createTextScorer(): TextScorer {
  const english = buildEnglishLexicon();
  const chinese = buildChineseLexicon();

  return {
    score(input: string, options?: ScoreOptions): TextScore {
      const { text, truncated } = cleanText(input);
      const counts = countScripts(text);
      const lang: Lang = options?.lang === 'en' || options?.lang === 'zh' ? options.lang : languageOf(counts);
      const tally = emptyTally();
      // Mixed texts are read by both scanners; each skips the other's script.
      if (counts.han > 0) scoreChinese(text, chinese, tally);
      if (counts.latin > 0 || counts.other > 0)
        scoreEnglish(text, english, tally, counts.upper > 1 && counts.upper < counts.latin);

      const rated = ratingScore(options?.rating);
      const score = round(tally.score + rated);
      const label = labelOf(score);
      const complaint = label === 'negative' && (tally.topics !== 0 || tally.purchase || rated < 0);
      const result: TextScore = {
        label,
        score,
        comparative: tally.words > 0 ? round(tally.score / tally.words) : 0,
        lang,
        topics: topicsFromBits(tally.topics, complaint),
        complaint,
        terms: unique(tally.terms),
      };
      if (rated !== 0) result.terms.push(`${options?.rating} stars`);
      if (truncated) result.truncated = true;
      return result;
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function unique(terms: string[]): string[] {
  if (terms.length < 2) return terms;
  // Texts name few terms: a scan beats building a Set.
  const out: string[] = [];
  for (const term of terms) if (!out.includes(term)) out.push(term);
  return out;
}
