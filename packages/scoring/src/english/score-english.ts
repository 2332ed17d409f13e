import type { Tally } from '../tally.js';
import { AFTER_CONTRAST, BEFORE_CONTRAST, NEGATED_NEGATIVE, withPunctuation } from '../weights.js';
import {
  COMPARATIVE,
  CONTRAST,
  type EnglishEntry,
  type EnglishLexicon,
  EXCESS,
  MODAL,
  NEGATOR,
  PURCHASE,
  SOFT,
} from './lexicon.js';
import { BANG, COMMA, PERIOD, QUESTION, tokenizeEnglish } from './tokenize.js';

/** How far a negator reaches, in words, within its clause. */
const NEGATION_SCOPE = 4;
/** "not good" is about as bad as "bad"; "not bad" is only mildly good. */
const NEGATED_POSITIVE = 1;
/** A negation that flips nothing ("it didn't arrive") is itself a complaint signal in reviews. */
const BARE_NEGATION = -1.2;
const SHOUTED = 1.5;
/** "too small": a plain or mildly good word after "too" is a complaint; a bad one gets worse. */
const EXCESS_PLAIN = -1;
const EXCESS_BAD = 1.3;
const EXCESS_KEEPS_ABOVE = 3;
/** "couldn't be happier", "could not be more pleased". */
const MODAL_COMPARATIVE = 1.3;
const MODAL_MORE = 1.5;

/** Per-text state; methods rather than closures so nothing is allocated per call but this. */
class EnglishReader {
  total = 0;
  sentence = 0;
  weight = 1;
  bangs = 0;
  questions = 0;
  sentenceOpen = false;
  negLeft = 0;
  negator = '';
  negFlipped = true;
  negSoft = false;
  negModal = false;
  boost = 1;
  boostLeft = 0;
  excess = '';

  constructor(readonly terms: string[]) {}

  closeNegation(): void {
    if (!this.negFlipped && !this.negSoft) {
      this.sentence += BARE_NEGATION * this.weight;
      this.terms.push(this.negator);
    }
    this.negLeft = 0;
    this.negFlipped = true;
  }

  closeSentence(): void {
    this.closeNegation();
    this.total += withPunctuation(this.sentence, this.bangs, this.questions);
    this.sentence = 0;
    this.weight = 1;
    this.bangs = 0;
    this.questions = 0;
    this.sentenceOpen = false;
    this.boostLeft = 0;
    this.excess = '';
  }

  /** One step through an unscored word: scopes shrink, a pending "too" meets a plain word. */
  pass(token: string): void {
    if (this.excess !== '') {
      this.sentence += EXCESS_PLAIN * this.weight;
      this.terms.push(`${this.excess} ${token}`);
      this.excess = '';
    }
    if (this.negLeft > 0 && --this.negLeft === 0) this.closeNegation();
    if (this.boostLeft > 0) this.boostLeft--;
  }
}

/**
 * Scores the Latin-script part of a text into `tally`: AFINN-165 plus our review lexicon, with
 * phrases, negation scope, boosters, contrast, capitals, emoji and repeated punctuation.
 */
export function scoreEnglish(text: string, lexicon: EnglishLexicon, tally: Tally, shouting: boolean): void {
  const { tokens, starts } = tokenizeEnglish(text);
  const r = new EnglishReader(tally.terms);
  const terms = r.terms;
  let previous: EnglishEntry | undefined;
  let words = 0;
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    if (token.length === 1) {
      if (token === COMMA) {
        r.closeNegation();
        continue;
      }
      if (token === PERIOD || token === BANG || token === QUESTION) {
        if (token === BANG) r.bangs++;
        else if (token === QUESTION) r.questions++;
        r.closeNegation();
        r.sentenceOpen = true;
        continue;
      }
    }
    if (r.sentenceOpen) r.closeSentence();
    words++;
    let entry: EnglishEntry | undefined = lexicon.get(token);
    const before = previous;
    previous = entry;
    if (entry === undefined) {
      r.pass(token);
      continue;
    }
    let term = token;
    let span = 0;
    if (entry.phrases !== null) {
      for (const phrase of entry.phrases) {
        const rest = phrase.rest;
        if (i + rest.length >= n) continue;
        let k = 0;
        while (k < rest.length && tokens[i + 1 + k] === rest[k]) k++;
        if (k === rest.length) {
          entry = phrase.entry;
          term = phrase.text;
          span = rest.length;
          break;
        }
      }
    }
    i += span;
    words += span;
    const { flags, value } = entry;
    if (flags & PURCHASE) tally.purchase = true;
    if (entry.topics !== 0) {
      tally.topics |= entry.topics;
      if (value === 0) terms.push(term);
    }
    if (flags & CONTRAST) {
      r.closeNegation();
      r.sentence *= BEFORE_CONTRAST;
      r.weight = AFTER_CONTRAST;
      continue;
    }
    if (flags & EXCESS) {
      r.excess = term;
      continue;
    }
    if (flags & NEGATOR && span === 0) {
      r.closeNegation();
      r.negLeft = NEGATION_SCOPE;
      r.negator = term;
      r.negFlipped = false;
      r.negSoft = (flags & SOFT) !== 0;
      r.negModal = (flags & MODAL) !== 0 || (before !== undefined && (before.flags & MODAL) !== 0);
      continue;
    }
    if (flags & COMPARATIVE && r.negLeft > 0 && r.negModal) {
      r.negFlipped = true;
      r.negLeft = 0;
      if (value === 0) {
        r.boost = MODAL_MORE;
        r.boostLeft = 2;
      } else {
        r.sentence += value * MODAL_COMPARATIVE * r.weight;
        terms.push(`${r.negator} ${term}`);
      }
      continue;
    }
    if (entry.boost !== 1) {
      r.boost = r.boostLeft > 0 ? r.boost * entry.boost : entry.boost;
      r.boostLeft = 2;
      continue;
    }
    if (r.excess !== '') {
      if (value < 0) {
        r.boost = r.boostLeft > 0 ? r.boost * EXCESS_BAD : EXCESS_BAD;
        r.boostLeft = 1;
      } else if (value < EXCESS_KEEPS_ABOVE) {
        r.sentence += EXCESS_PLAIN * r.weight;
        terms.push(`${r.excess} ${term}`);
        r.excess = '';
        continue;
      }
      r.excess = '';
    }
    if (value === 0) {
      r.pass(token);
      continue;
    }
    let v = value;
    if (r.boostLeft > 0) v *= r.boost;
    if (shouting && isShouted(text, starts[i - span]!, token.length)) v *= SHOUTED;
    if (r.negLeft > 0) {
      v = v > 0 ? -v * NEGATED_POSITIVE : -v * NEGATED_NEGATIVE;
      term = `${r.negator} ${term}`;
      r.negFlipped = true;
    }
    r.sentence += v * r.weight;
    terms.push(term);
    r.boostLeft = 0;
  }
  r.closeSentence();
  tally.score += r.total;
  tally.words += words;
}

/** A word of two or more letters written in capitals ("it BROKE"). */
function isShouted(text: string, start: number, length: number): boolean {
  if (length < 2 || start < 0) return false;
  for (let k = start; k < start + length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}
