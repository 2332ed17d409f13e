import { findableInText } from './match-key.js';

/**
 * Finds the longest known name inside a text (both as `matchKey`s): names are bucketed by their
 * first two characters, so a text is read once, whatever the number of names.
 */
export class TextMatcher<T> {
  readonly #buckets = new Map<string, { key: string; value: T }[]>();

  constructor(entries: Iterable<[key: string, value: T]>) {
    for (const [key, value] of entries) {
      if (!findableInText(key)) continue;
      const head = key.slice(0, 2);
      const bucket = this.#buckets.get(head) ?? [];
      bucket.push({ key, value });
      this.#buckets.set(head, bucket);
    }
    for (const bucket of this.#buckets.values()) bucket.sort((a, b) => b.key.length - a.key.length);
  }

  /** The value of the longest name found in `text`, or undefined. */
  find(text: string): T | undefined {
    let best: { key: string; value: T } | undefined;
    for (let i = 0; i < text.length - 1; i++) {
      const bucket = this.#buckets.get(text.slice(i, i + 2));
      if (!bucket) continue;
      for (const entry of bucket) {
        if (best && entry.key.length <= best.key.length) break;
        if (text.startsWith(entry.key, i)) {
          best = entry;
          break;
        }
      }
    }
    return best?.value;
  }
}
