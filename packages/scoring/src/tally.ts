/** What a language scanner found in a text; the scorer turns it into a `TextScore`. */
export interface Tally {
  score: number;
  /** Words (or Chinese characters) read, for the comparative score. */
  words: number;
  /** Sentiment and topic terms in reading order, as a person would quote them. */
  terms: string[];
  /** Topic bits, see `TOPIC_BITS`. */
  topics: number;
  /** The text names something bought (a product, an order, a shop). */
  purchase: boolean;
}

export function emptyTally(): Tally {
  return { score: 0, words: 0, terms: [], topics: 0, purchase: false };
}
