import { EMOTICON_MAX_LENGTH, EMOTICON_VALENCE } from '../emoji.js';

/** Sentence and clause marks survive tokenizing as one-character tokens. */
export const PERIOD = '.';
export const COMMA = ',';
export const BANG = '!';
export const QUESTION = '?';

export interface EnglishTokens {
  /** Lower-cased words, emoji, emoticons and the marks above, in order. */
  tokens: string[];
  /** Each token's offset in the original text, or -1 when case folding moved offsets. */
  starts: number[];
}

function isWordCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7 && (c < 0x300 || c >= 0x370))
  );
}

function isSymbolEmoji(c: number): boolean {
  return (c >= 0x2600 && c <= 0x27bf) || c === 0x2b50 || c === 0x2b55 || c === 0x2665;
}

/**
 * One pass over the text: words (apostrophes inside kept, so "don't" is one token), emoji,
 * emoticons and punctuation marks. Han characters and other symbols only separate words;
 * the Chinese scorer reads them.
 */
export function tokenizeEnglish(text: string): EnglishTokens {
  const lower = text.toLowerCase().replaceAll('\u2019', "'");
  // Case changes that alter length (rare scripts) make offsets unreliable: skip emphasis then.
  const aligned = lower.length === text.length;
  const tokens: string[] = [];
  const starts: number[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (isWordCode(c)) {
      const start = i;
      i++;
      while (i < n) {
        const d = lower.charCodeAt(i);
        if (isWordCode(d)) i++;
        else if (d === 39 && i + 1 < n && isWordCode(lower.charCodeAt(i + 1))) i += 2;
        else break;
      }
      tokens.push(lower.slice(start, i));
      starts.push(aligned ? start : -1);
      continue;
    }
    // ASCII emoticons start with one of : ; = < >
    if (c === 58 || c === 59 || c === 61 || c === 60 || c === 62) {
      let matched = 0;
      for (let len = EMOTICON_MAX_LENGTH; len >= 2; len--) {
        if (i + len <= n && EMOTICON_VALENCE[lower.slice(i, i + len)] !== undefined) {
          matched = len;
          break;
        }
      }
      if (matched) {
        tokens.push(lower.slice(i, i + matched));
        starts.push(-1);
        i += matched;
        continue;
      }
      if (c === 58 || c === 59) {
        tokens.push(PERIOD);
        starts.push(-1);
      }
      i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? lower.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        tokens.push(lower.slice(i, i + 2));
        starts.push(-1);
        i += 2;
      } else {
        i++; // a lone surrogate carries nothing
      }
      continue;
    }
    i++;
    if (c === 46 || c === 10 || c === 0x3002) tokens.push(PERIOD);
    else if (c === 44 || c === 0xff0c) tokens.push(COMMA);
    else if (c === 33 || c === 0xff01) tokens.push(BANG);
    else if (c === 63 || c === 0xff1f) tokens.push(QUESTION);
    else if (isSymbolEmoji(c)) tokens.push(String.fromCharCode(c));
    else continue;
    starts.push(-1);
  }
  return { tokens, starts };
}
