import type { ScoreOptions, TextScore, TextScorer } from './types.js';

export type FixedAnswer = Partial<TextScore>;

/** A test double: answers from a table (or a function), and remembers what it was asked. */
export interface FixedScorer extends TextScorer {
  readonly calls: { text: string; options?: ScoreOptions }[];
}

const NEUTRAL: TextScore = {
  label: 'neutral',
  score: 0,
  comparative: 0,
  lang: 'en',
  topics: [],
  complaint: false,
  terms: [],
};

/**
 * An in-memory TEST DOUBLE for other packages' unit tests, not a scorer: texts found in `answers`
 * get that answer (over a neutral default), every other text the neutral default.
 *
 * @example
 * const scorer = createFixedScorer({ 'parcel never came': { label: 'negative', complaint: true } });
 */
export function createFixedScorer(
  answers:
    | Readonly<Record<string, FixedAnswer>>
    | ((text: string, options?: ScoreOptions) => FixedAnswer) = {},
): FixedScorer {
  const calls: { text: string; options?: ScoreOptions }[] = [];
  return {
    calls,
    score(text: string, options?: ScoreOptions): TextScore {
      calls.push(options === undefined ? { text } : { text, options });
      const answer =
        typeof answers === 'function'
          ? answers(text, options)
          : Object.hasOwn(answers, text)
            ? answers[text]
            : undefined;
      return {
        ...NEUTRAL,
        lang: options?.lang ?? NEUTRAL.lang,
        ...answer,
        topics: [...(answer?.topics ?? [])],
        terms: [...(answer?.terms ?? [])],
      };
    },
  };
}
