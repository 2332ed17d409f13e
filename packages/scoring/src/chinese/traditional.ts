import { TRADITIONAL_PAIRS } from './traditional-table.js';

/**
 * Traditional→Simplified by character, as a table indexed by UTF-16 code unit (0 = unchanged),
 * so the scanner folds each character as it reads instead of converting the text first.
 */
export function buildTraditionalFold(): Uint16Array {
  const fold = new Uint16Array(0x10000);
  for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
    fold[TRADITIONAL_PAIRS.charCodeAt(i)] = TRADITIONAL_PAIRS.charCodeAt(i + 1);
  }
  return fold;
}

/** The Simplified form of a whole text, for callers outside the scanner (tests, tooling). */
export function toSimplified(text: string, fold: Uint16Array = buildTraditionalFold()): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += String.fromCharCode(fold[c] || c);
  }
  return out;
}
