import { TextDecoder } from 'node:util';
import { ValidationError } from '@aftercare/runtime';
import type { IngestLine } from './ingest.js';
import { MAX_MENTIONS_PER_REQUEST } from './mention-schema.js';

const NEWLINE = 0x0a;

/**
 * The lines of an NDJSON body, each read on its own: a line that is not UTF-8 or not JSON is named
 * (its index is its line number from 0) and the others go on. Blank lines are skipped.
 */
export function readNdjsonLines(body: Uint8Array): IngestLine[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: IngestLine[] = [];
  let start = 0;
  let index = 0;
  while (start <= body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    const bytes = body.subarray(start, end);
    if (bytes.some((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0d)) {
      if (lines.length === MAX_MENTIONS_PER_REQUEST) {
        throw new ValidationError(`at most ${MAX_MENTIONS_PER_REQUEST} mentions in one request`, [
          { field: '(body)', reason: `more than ${MAX_MENTIONS_PER_REQUEST} lines; split the stream` },
        ]);
      }
      lines.push(readLine(decoder, bytes, index));
    }
    start = end + 1;
    index++;
  }
  return lines;
}

function readLine(decoder: TextDecoder, bytes: Uint8Array, index: number): IngestLine {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { index, unreadable: 'not valid UTF-8' };
  }
  try {
    return { index, value: JSON.parse(text) };
  } catch {
    return { index, unreadable: 'not a JSON object' };
  }
}
