// Weights both languages' readers share, tuned on the English tuning sets and the Chinese
// development set together; a change here moves both.

/** A negated bad word ("not bad", "不难吃") is only mildly good. */
export const NEGATED_NEGATIVE = 0.5;
/** "Good price but it broke": the clause before a contrast counts half, the one after it more. */
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;

const PER_BANG = 0.3;
const MAX_BANGS = 3;
const REPEATED_QUESTION = -0.6;

/**
 * A sentence's score with its closing punctuation: each "!" (up to three) pushes it further the way
 * it already leans; repeated "??" on a sentence that is not positive reads as exasperation.
 */
export function withPunctuation(sentence: number, bangs: number, questions: number): number {
  let score = sentence;
  if (bangs > 0 && score !== 0) score += (score > 0 ? PER_BANG : -PER_BANG) * Math.min(bangs, MAX_BANGS);
  if (questions > 1 && score <= 0) score += REPEATED_QUESTION;
  return score;
}
