import type { Label } from './types.js';

/** Scores at or below this are negative. Tuned on UCI Amazon and Yelp only. */
export const NEGATIVE_AT = -0.5;
/** Scores at or above this are positive; between the two, neutral. */
export const POSITIVE_AT = 0.5;
/** One star above or below three moves the score this much. */
export const PER_STAR = 2;

export function labelOf(score: number): Label {
  if (score <= NEGATIVE_AT) return 'negative';
  if (score >= POSITIVE_AT) return 'positive';
  return 'neutral';
}

/** A star rating's part of the score: 1 star is -4, 3 stars 0, 5 stars +4; anything else 0. */
export function ratingScore(rating: number | undefined): number {
  if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < 1 || rating > 5) return 0;
  return (rating - 3) * PER_STAR;
}
