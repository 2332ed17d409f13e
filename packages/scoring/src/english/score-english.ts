import type { Tally } from '../tally.js';
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
const NEGATED_NEGATIVE = 0.5;
/** A negation that flips nothing ("it didn't arrive") is itself a complaint signal in reviews. */
const BARE_NEGATION = -1.2;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const SHOUTED = 1.5;
const PER_BANG = 0.3;
const MAX_BANGS = 3;
const REPEATED_QUESTION = -0.6;
/** "too small": a plain or mildly good word after "too" is a complaint; a bad one gets worse. */
const EXCESS_PLAIN = -1;
const EXCESS_BAD = 1.3;
const EXCESS_KEEPS_ABOVE = 3;
/** "couldn't be happier", "could not be more pleased". */
const MODAL_COMPARATIVE = 1.3;
const MODAL_MORE = 1.5;

/**
 * Scores the Latin-script part of a text into `tally`: AFINN-165 plus our review lexicon, with
 * phrases, negation scope, boosters, contrast, capitals, emoji and repeated punctuation.
 */
export function scoreEnglish(text: string, lexicon: EnglishLexicon, tally: Tally): void {
  const { tokens, shouted } = tokenizeEnglish(text);
  const terms = tally.terms;
  let total = 0;
  let sentence = 0;
  let weight = 1;
  let bangs = 0;
  let questions = 0;
  let sentenceOpen = false;
  let negLeft = 0;
  let negator = '';
  let negFlipped = true;
  let negSoft = false;
  let negModal = false;
  let previous: EnglishEntry | undefined;
  let boost = 1;
  let boostLeft = 0;
  let words = 0;
  let excess = '';

  const closeNegation = (): void => {
    if (!negFlipped && !negSoft) {
      sentence += BARE_NEGATION * weight;
      terms.push(negator);
    }
    negLeft = 0;
    negFlipped = true;
  };
  const closeSentence = (): void => {
    closeNegation();
    if (bangs > 0 && sentence !== 0) {
      sentence += (sentence > 0 ? PER_BANG : -PER_BANG) * Math.min(bangs, MAX_BANGS);
    }
    if (questions > 1 && sentence <= 0) sentence += REPEATED_QUESTION;
    total += sentence;
    sentence = 0;
    weight = 1;
    bangs = 0;
    questions = 0;
    sentenceOpen = false;
    boostLeft = 0;
    excess = '';
  };

  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    if (token.length === 1) {
      if (token === COMMA) {
        closeNegation();
        continue;
      }
      if (token === PERIOD || token === BANG || token === QUESTION) {
        if (token === BANG) bangs++;
        else if (token === QUESTION) questions++;
        closeNegation();
        sentenceOpen = true;
        continue;
      }
    }
    if (sentenceOpen) closeSentence();
    words++;
    let entry: EnglishEntry | undefined = lexicon.get(token);
    const before = previous;
    previous = entry;
    if (entry === undefined) {
      if (excess !== '') {
        sentence += EXCESS_PLAIN * weight;
        terms.push(`${excess} ${token}`);
        excess = '';
      }
      if (negLeft > 0 && --negLeft === 0) closeNegation();
      if (boostLeft > 0) boostLeft--;
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
    const { flags, value } = entry;
    if (flags & PURCHASE) tally.purchase = true;
    if (entry.topics !== 0) {
      tally.topics |= entry.topics;
      if (value === 0) terms.push(term);
    }
    if (flags & CONTRAST) {
      closeNegation();
      sentence *= BEFORE_CONTRAST;
      weight = AFTER_CONTRAST;
      continue;
    }
    if (flags & EXCESS) {
      excess = term;
      continue;
    }
    if (flags & NEGATOR && span === 0) {
      closeNegation();
      negLeft = NEGATION_SCOPE;
      negator = term;
      negFlipped = false;
      negSoft = (flags & SOFT) !== 0;
      negModal = (flags & MODAL) !== 0 || (before !== undefined && (before.flags & MODAL) !== 0);
      continue;
    }
    if (flags & COMPARATIVE && negLeft > 0 && negModal) {
      negFlipped = true;
      negLeft = 0;
      if (value === 0) {
        boost = MODAL_MORE;
        boostLeft = 2;
      } else {
        sentence += value * MODAL_COMPARATIVE * weight;
        terms.push(`${negator} ${term}`);
      }
      i += span;
      continue;
    }
    if (entry.boost !== 1) {
      boost = boostLeft > 0 ? boost * entry.boost : entry.boost;
      boostLeft = 2;
      i += span;
      continue;
    }
    if (excess !== '') {
      if (value < 0) {
        boost = boostLeft > 0 ? boost * EXCESS_BAD : EXCESS_BAD;
        boostLeft = 1;
      } else if (value < EXCESS_KEEPS_ABOVE) {
        sentence += EXCESS_PLAIN * weight;
        terms.push(`${excess} ${term}`);
        excess = '';
        i += span;
        continue;
      }
      excess = '';
    }
    if (value !== 0) {
      let v = value;
      if (boostLeft > 0) v *= boost;
      if (shouted[i] === 1) v *= SHOUTED;
      if (negLeft > 0) {
        v = v > 0 ? -v * NEGATED_POSITIVE : -v * NEGATED_NEGATIVE;
        term = `${negator} ${term}`;
        negFlipped = true;
      }
      sentence += v * weight;
      terms.push(term);
      boostLeft = 0;
    } else {
      if (negLeft > 0 && --negLeft === 0) closeNegation();
      if (boostLeft > 0) boostLeft--;
    }
    i += span;
    words += span;
  }
  closeSentence();
  tally.score += total;
  tally.words += words;
}
