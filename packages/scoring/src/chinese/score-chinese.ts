import { isHan } from '../detect-language.js';
import type { Tally } from '../tally.js';
import { TOPIC_BITS } from '../topics.js';
import { AFTER_CONTRAST, BEFORE_CONTRAST, NEGATED_NEGATIVE, withPunctuation } from '../weights.js';
import {
  type ChineseEntry,
  type ChineseLexicon,
  type TrieNode,
  ZH_CLAIM,
  ZH_CONCESSION,
  ZH_CONTRAST,
  ZH_PURCHASE,
} from './lexicon.js';

/** How many characters a negator or degree adverb reaches across words we don't know. */
const NEGATION_REACH = 6;
const DEGREE_REACH = 2;
const CONCEDED = 0.5;
/** "说是纯棉，其实是化纤": a claim, then the truth. */
const CLAIM_BROKEN = -2;

const SENTENCE_END = 1;
const CLAUSE_END = 2;
const BANG = 3;
const QUESTION = 4;

function markOf(c: number): number {
  switch (c) {
    case 0x3002: // 。
    case 46:
    case 10:
    case 0x2026: // …
      return SENTENCE_END;
    case 0xff01:
    case 33:
      return BANG;
    case 0xff1f:
    case 63:
      return QUESTION;
    case 0xff0c: // ，
    case 44:
    case 0x3001: // 、
    case 0xff1b:
    case 59:
    case 0xff1a:
    case 58:
    case 32:
    case 0x3000:
    case 0xff5e: // ～
    case 126:
      return CLAUSE_END;
    default:
      return 0;
  }
}

/** The rules, fed one term, gap or mark at a time by a segmenter. */
export class ChineseReader {
  private total = 0;
  private sentence = 0;
  private weight = 1;
  private conceded = false;
  private claim = '';
  private bangs = 0;
  private questions = 0;
  private negScale = 0;
  private negLeft = 0;
  private negTerm = '';
  private degree = 1;
  private degreeLeft = 0;
  private terms: string[] = [];
  private topics = 0;
  private purchase = false;
  private chars = 0;

  /** A punctuation mark or space; returns false when `c` is none. */
  mark(c: number): boolean {
    const kind = markOf(c);
    if (kind === 0) return false;
    this.negLeft = 0;
    this.degreeLeft = 0;
    if (kind === BANG) this.bangs++;
    else if (kind === QUESTION) this.questions++;
    if (kind !== CLAUSE_END) this.closeSentence();
    return true;
  }

  /** Characters we have no word for. */
  gap(length: number, han: number): void {
    this.chars += han;
    if (this.negLeft > 0) this.negLeft = Math.max(0, this.negLeft - length);
    if (this.degreeLeft > 0) this.degreeLeft = Math.max(0, this.degreeLeft - length);
  }

  /** A known word; `nextValued` says whether a scored word follows at once (for 好 as "very"). */
  term(entry: ChineseEntry, nextValued: boolean): void {
    const { term, flags } = entry;
    this.chars += term.length;
    if (flags & ZH_PURCHASE) this.purchase = true;
    if (entry.topics !== 0) {
      this.topics |= entry.topics;
      if (entry.value === 0) this.terms.push(term);
    }
    if (flags & ZH_CLAIM) {
      this.claim = term;
      return;
    }
    if (flags & ZH_CONTRAST) {
      if (!this.conceded) this.sentence *= BEFORE_CONTRAST;
      this.weight = AFTER_CONTRAST;
      if (this.claim !== '') {
        this.sentence += CLAIM_BROKEN * this.weight;
        this.topics |= TOPIC_BITS.advertising;
        this.terms.push(`${this.claim}…${term}`);
        this.claim = '';
      }
      this.conceded = false;
      this.negLeft = 0;
      return;
    }
    if (flags & ZH_CONCESSION) {
      this.weight = CONCEDED;
      this.conceded = true;
      return;
    }
    if (entry.negate !== 0) {
      this.negScale = entry.negate;
      this.negLeft = NEGATION_REACH;
      this.negTerm = term;
      return;
    }
    if (entry.degree !== 1 && (entry.value === 0 || nextValued)) {
      this.degree = this.degreeLeft > 0 ? this.degree * entry.degree : entry.degree;
      this.degreeLeft = DEGREE_REACH;
      return;
    }
    if (entry.value === 0) {
      this.gap(term.length, 0);
      return;
    }
    let v = entry.value;
    let shown = term;
    if (this.degreeLeft > 0) v *= this.degree;
    if (this.negLeft > 0) {
      v = v > 0 ? -v * this.negScale : -v * NEGATED_NEGATIVE * this.negScale;
      shown = this.negTerm + term;
      this.negLeft = 0;
    }
    this.degreeLeft = 0;
    this.sentence += v * this.weight;
    this.terms.push(shown);
  }

  private closeSentence(): void {
    this.total += withPunctuation(this.sentence, this.bangs, this.questions);
    this.sentence = 0;
    this.weight = 1;
    this.conceded = false;
    this.claim = '';
    this.bangs = 0;
    this.questions = 0;
  }

  finish(tally: Tally): void {
    this.closeSentence();
    tally.score += this.total;
    tally.words += this.chars;
    for (const term of this.terms) tally.terms.push(term);
    tally.topics |= this.topics;
    if (this.purchase) tally.purchase = true;
  }
}

/** Longest lexicon word at `start`, folding Traditional characters as it reads; its length in `found`. */
function longestAt(
  text: string,
  start: number,
  lexicon: ChineseLexicon,
  found: { length: number },
): ChineseEntry | null {
  const { root, fold } = lexicon;
  const first = text.charCodeAt(start);
  let node: TrieNode | undefined = root[fold[first] || first];
  if (node === undefined) return null;
  let best = node.entry;
  let length = best ? 1 : 0;
  let i = start + 1;
  while (node.next !== null && i < text.length) {
    const c = text.charCodeAt(i);
    const child: TrieNode | undefined = node.next.get(fold[c] || c);
    if (child === undefined) break;
    node = child;
    i++;
    if (node.entry !== null) {
      best = node.entry;
      length = i - start;
    }
  }
  found.length = length;
  return best;
}

/**
 * Scores the Han part of a text into `tally`, segmenting by longest match over our own lexicon
 * (faster than jieba or Intl.Segmenter here and at least as accurate on our dev set: see the bench).
 */
export function scoreChinese(text: string, lexicon: ChineseLexicon, tally: Tally): void {
  const reader = new ChineseReader();
  const found = { length: 0 };
  const ahead = { length: 0 };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const entry = c >= 0x2e80 ? longestAt(text, i, lexicon, found) : null;
    if (entry === null) {
      if (!reader.mark(c)) reader.gap(1, isHan(c) ? 1 : 0);
      i++;
      continue;
    }
    const end = i + found.length;
    let nextValued = false;
    if (entry.degree !== 1 && entry.value !== 0 && end < n) {
      const next = longestAt(text, end, lexicon, ahead);
      nextValued = next !== null && next.value !== 0;
    }
    reader.term(entry, nextValued);
    i = end;
  }
  reader.finish(tally);
}

/** The same rules over words from another segmenter (jieba, Intl.Segmenter): for the bench. */
export function scoreChineseWords(words: readonly string[], lexicon: ChineseLexicon, tally: Tally): void {
  const reader = new ChineseReader();
  const { entries, fold } = lexicon;
  const simple = words.map((word) => {
    let out = '';
    for (let k = 0; k < word.length; k++) {
      const c = word.charCodeAt(k);
      out += String.fromCharCode(fold[c] || c);
    }
    return out;
  });
  for (let w = 0; w < simple.length; w++) {
    const word = simple[w]!;
    const entry = entries.get(word);
    if (entry === undefined) {
      if (word.length === 1 && reader.mark(word.charCodeAt(0))) continue;
      let han = 0;
      for (let k = 0; k < word.length; k++) if (isHan(word.charCodeAt(k))) han++;
      reader.gap(word.length, han);
      continue;
    }
    const next = simple[w + 1];
    const nextEntry = next === undefined ? undefined : entries.get(next);
    reader.term(entry, nextEntry !== undefined && nextEntry.value !== 0);
  }
  reader.finish(tally);
}
