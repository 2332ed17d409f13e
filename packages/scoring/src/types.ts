export type Lang = 'en' | 'zh';
export type Topic = 'quality' | 'logistics' | 'service' | 'advertising' | 'other';
export type Label = 'negative' | 'neutral' | 'positive';

export interface ScoreOptions {
  /** The text's language when the caller knows it; detected from the script otherwise. */
  lang?: Lang;
  /** A review's star rating, 1 to 5, combined with its text. */
  rating?: number;
}

/** The reading of one text. Clients are written against these names: extend, don't rename. */
export interface TextScore {
  label: Label;
  score: number;
  comparative: number;
  lang: Lang;
  topics: Topic[];
  /** Negative and about the purchase, not merely negative. */
  complaint: boolean;
  /** The words and phrases that decided it, so a person sees why. */
  terms: string[];
  /** Set when only the first `MAX_SCORED_CHARS` characters were read. */
  truncated?: boolean;
}

/** Reads texts; one instance per process, its lexicons loaded once. */
export interface TextScorer {
  score(text: string, options?: ScoreOptions): TextScore;
}
