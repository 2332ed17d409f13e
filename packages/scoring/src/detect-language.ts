import type { Lang } from './types.js';

export interface ScriptCounts {
  /** Han characters (CJK ideographs). */
  han: number;
  /** Latin letters. */
  latin: number;
  /** ASCII capitals among them: a text with capitals and small letters can shout one word. */
  upper: number;
  /** Anything the Chinese scanner skips that the English one reads: emoji, emoticon marks. */
  other: number;
}

export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Counts scripts in one pass over the text. */
export function countScripts(text: string): ScriptCounts {
  let han = 0;
  let latin = 0;
  let other = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c | 32) >= 97 && (c | 32) <= 122) {
        latin++;
        if (c < 97) upper++;
      } else if (c === 58 || c === 59 || c === 61 || c === 60) other++;
    } else if (isHan(c)) han++;
    else if (c >= 0xd800 && c <= 0xdbff) other++;
    else if (c >= 0x2600 && c <= 0x2bff) other++;
    else if (c >= 0xc0 && c < 0x250) latin++;
  }
  return { han, latin, upper, other };
}

/**
 * The text's language by script, not by a model: Chinese when Han characters carry the text.
 * One Han character says about as much as a short English word, so they count four letters each.
 */
export function detectLanguage(text: string): Lang {
  return languageOf(countScripts(text));
}

export function languageOf(counts: ScriptCounts): Lang {
  return counts.han > 0 && counts.han * 4 >= counts.latin ? 'zh' : 'en';
}
