import { CHINESE_PURCHASE_TERMS, CHINESE_TOPIC_TERMS, TOPIC_BITS } from '../topics.js';
import {
  CHINESE_AD_CLAIMS,
  CHINESE_CLAIMS,
  CHINESE_CONCESSIONS,
  CHINESE_CONTRASTS,
  CHINESE_DEGREES,
  CHINESE_NEGATORS,
  CHINESE_TERMS,
} from './chinese-lexicon-data.js';
import { buildTraditionalFold } from './traditional.js';

export const ZH_CONTRAST = 1;
export const ZH_CONCESSION = 2;
export const ZH_PURCHASE = 4;
export const ZH_CLAIM = 8;

export interface ChineseEntry {
  term: string;
  value: number;
  /** Scale for the flipped word when this is a negator, else 0. */
  negate: number;
  /** Multiplier for the next word when this is a degree adverb, else 1. */
  degree: number;
  flags: number;
  topics: number;
}

export interface TrieNode {
  entry: ChineseEntry | null;
  next: Map<number, TrieNode> | null;
}

export interface ChineseLexicon {
  /** First characters, indexed by code unit; deeper levels are maps. */
  root: (TrieNode | undefined)[];
  /** Traditional→Simplified fold, see `buildTraditionalFold`. */
  fold: Uint16Array;
  entries: ReadonlyMap<string, ChineseEntry>;
}

/** Our Chinese lexicon, topic and purchase terms in one trie for longest-match reading. */
export function buildChineseLexicon(): ChineseLexicon {
  const entries = new Map<string, ChineseEntry>();
  const entryFor = (term: string): ChineseEntry => {
    let entry = entries.get(term);
    if (!entry) {
      entry = { term, value: 0, negate: 0, degree: 1, flags: 0, topics: 0 };
      entries.set(term, entry);
    }
    return entry;
  };
  for (const [term, value] of Object.entries(CHINESE_TERMS)) entryFor(term).value = value;
  for (const [term, scale] of Object.entries(CHINESE_NEGATORS)) entryFor(term).negate = scale;
  for (const [term, degree] of Object.entries(CHINESE_DEGREES)) entryFor(term).degree = degree;
  for (const term of CHINESE_CONTRASTS) entryFor(term).flags |= ZH_CONTRAST;
  for (const term of CHINESE_CONCESSIONS) entryFor(term).flags |= ZH_CONCESSION;
  for (const term of CHINESE_CLAIMS) entryFor(term).flags |= ZH_CLAIM;
  for (const term of CHINESE_AD_CLAIMS) entryFor(term).topics |= TOPIC_BITS.advertising;
  for (const term of CHINESE_PURCHASE_TERMS) entryFor(term).flags |= ZH_PURCHASE;
  for (const topic of ['quality', 'logistics', 'service', 'advertising'] as const) {
    for (const term of CHINESE_TOPIC_TERMS[topic]) entryFor(term).topics |= TOPIC_BITS[topic];
  }

  const root: (TrieNode | undefined)[] = new Array(0x10000);
  for (const [term, entry] of entries) {
    let node = root[term.charCodeAt(0)];
    if (!node) {
      node = { entry: null, next: null };
      root[term.charCodeAt(0)] = node;
    }
    for (let i = 1; i < term.length; i++) {
      node.next ??= new Map();
      const code = term.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = { entry: null, next: null };
        node.next.set(code, child);
      }
      node = child;
    }
    node.entry = entry;
  }
  return { root, fold: buildTraditionalFold(), entries };
}
