/** Texts longer than this are scored on their first `MAX_SCORED_CHARS` characters. */
export const MAX_SCORED_CHARS = 20_000;

export interface CleanText {
  text: string;
  truncated: boolean;
}

const TAG = /<(?:script|style)\b[^>]*>[\s\S]*?<\/(?:script|style)\s*>|<!--[\s\S]*?-->|<\/?[a-z][^>]*>/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const HANDLE = /(^|[^\w])@[\w.-]+/g;

function decodeEntity(_match: string, dec?: string, hex?: string, name?: string): string {
  if (name) return NAMED[name.toLowerCase()] ?? ' ';
  const code = dec ? Number(dec) : Number.parseInt(hex ?? '', 16);
  // Entities that decode to surrogates or beyond Unicode carry nothing to score.
  if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return ' ';
  return String.fromCodePoint(code);
}

/**
 * Cuts a text to the part worth scoring: the first `MAX_SCORED_CHARS` characters, without HTML
 * tags, entities, URLs or @handles (a shop called @BrokenToys is no complaint). Cheap checks first:
 * most texts have none of these and are returned as they are.
 */
export function cleanText(input: string): CleanText {
  let text = typeof input === 'string' ? input : '';
  let truncated = false;
  if (text.length > MAX_SCORED_CHARS) {
    let end = MAX_SCORED_CHARS;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // don't split an emoji in two
    text = text.slice(0, end);
    truncated = true;
  }
  if (text.includes('<')) text = text.replace(TAG, ' ');
  if (text.includes('&')) text = text.replace(ENTITY, decodeEntity);
  if (text.includes('://') || text.includes('www.')) text = text.replace(URL, ' ');
  if (text.includes('@')) text = text.replace(HANDLE, '$1 ');
  return { text, truncated };
}
