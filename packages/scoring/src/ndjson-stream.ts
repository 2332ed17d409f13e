import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { MAX_TEXT_LENGTH, scoreItemSchema } from './score-item-schema.js';
import type { TextScorer } from './types.js';

/** A line longer than this is answered with an error without being held in memory whole. */
export const MAX_LINE_CHARS = MAX_TEXT_LENGTH * 2 + 1024;

export interface NdjsonStreamResult {
  lines: number;
  errors: number;
}

/**
 * Scores NDJSON items `{"text", "lang"?, "rating"?}` from `input` into `output`: one line out per
 * line in, in order, `{"error": ...}` for a line that is not a valid item. Streams with
 * backpressure, so memory stays flat however long the input; bytes that are not UTF-8 read as U+FFFD.
 *
 * @example
 * const { lines, errors } = await scoreNdjsonStream(process.stdin, process.stdout, createTextScorer());
 */
export async function scoreNdjsonStream(
  input: Readable,
  output: Writable,
  scorer: TextScorer,
): Promise<NdjsonStreamResult> {
  const decoder = new StringDecoder('utf8');
  const result: NdjsonStreamResult = { lines: 0, errors: 0 };
  let carry = '';
  let overflow = false;

  const answer = (line: string): string => {
    result.lines++;
    const reply = scoreLine(line, scorer);
    if ('error' in reply) result.errors++;
    return `${JSON.stringify(reply)}\n`;
  };
  const tooLong = (): string => {
    result.lines++;
    result.errors++;
    return `${JSON.stringify({ error: `line longer than ${MAX_LINE_CHARS} characters` })}\n`;
  };
  const write = async (text: string): Promise<void> => {
    if (text !== '' && !output.write(text)) await waitForDrain(output);
  };

  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let out = '';
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      if (overflow) {
        out += tooLong();
        overflow = false;
        carry = '';
      } else {
        const line = carry === '' ? text.slice(start, newline) : carry + text.slice(start, newline);
        carry = '';
        out += answer(line);
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (!overflow && start < text.length) {
      carry += text.slice(start);
      if (carry.length > MAX_LINE_CHARS) {
        overflow = true;
        carry = '';
      }
    }
    await write(out);
  }
  const rest = carry + decoder.end();
  if (overflow) await write(tooLong());
  else if (rest.trim() !== '') await write(answer(rest));
  return result;
}

function waitForDrain(output: Writable): Promise<void> {
  // Settle on close or error too, rather than waiting forever; remove every listener either way.
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      output.off('drain', onDrain);
      output.off('close', onClose);
      output.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(new Error('output closed before it drained'));
    output.on('drain', onDrain);
    output.on('close', onClose);
    output.on('error', settle);
  });
}

/** The answer for one input line: a score, or `{ error }` for a line that is not a valid item. */
export function scoreLine(rawLine: string, scorer: TextScorer): object {
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: line.trim() === '' ? 'empty line' : 'not JSON' };
  }
  const item = scoreItemSchema.safeParse(value);
  if (!item.success) {
    const issue = item.error.issues[0];
    return {
      error: `invalid item: ${issue ? `${issue.path.join('.') || 'item'}: ${issue.message}` : 'rejected'}`,
    };
  }
  const { text, lang, rating } = item.data;
  return scorer.score(text, { ...(lang ? { lang } : {}), ...(rating ? { rating } : {}) });
}
