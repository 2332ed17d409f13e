import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AftercareConfig } from '@aftercare/config';
import { withContext } from '@aftercare/context';
import { type IngestContext, type IngestResult, ingestMentions, readNdjsonLines } from '@aftercare/watcher';
import { InvalidArgumentError } from 'commander';
import { type ApiWriterOptions, apiPoster, printRetryNotice } from './api-writer.js';
import { explainDatabaseInUse, localServerUrl } from './database-in-use.js';
import { progressBar } from './progress.js';

/** Most mentions in one batch: what `POST /v1/mentions` takes in one request. */
export const MAX_BATCH_LINES = 10_000;
/** Most bytes in one batch: well under the server's default BODY_LIMIT_BYTES (16 MiB). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** A mention is at most a few tens of kB; a longer line is refused unread, never held in memory. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Problems the summary names (a line may have several); every rejected line is counted. */
export const MAX_LISTED_REJECTIONS = 50;

/**
 * Takes one batch in: an NDJSON body of non-blank lines, answered like `POST /v1/mentions`
 * (rejections by line within the body, from 0).
 */
export type MentionWriter = (body: Uint8Array) => Promise<IngestResult>;

export interface IngestProblem {
  /** The line in the file, from 1. */
  line: number;
  field: string;
  reason: string;
}

export interface IngestProgress {
  bytesDone: number;
  totalBytes: number;
  lines: number;
}

export interface IngestFileOptions {
  path: string;
  /** Lines per batch, at most MAX_BATCH_LINES. */
  batchLines?: number;
  /** Bytes per batch, at most MAX_BATCH_BYTES (a line longer than this goes alone). */
  batchBytes?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Checked between batches; batches already taken in stay (a re-run counts them as duplicates). */
  signal?: AbortSignal | undefined;
}

export interface IngestSummary {
  file: string;
  /** Non-blank lines read. */
  lines: number;
  bytes: number;
  accepted: number;
  duplicates: number;
  /** Lines refused, all of them counted. */
  rejected: number;
  /** Why, in file order; at most MAX_LISTED_REJECTIONS. */
  problems: IngestProblem[];
  seconds: number;
}

/**
 * Streams an NDJSON file of mentions (any size) into `write`, a batch at a time, reading the next
 * batch while one is being written. A line that cannot be read or is not a valid mention is
 * rejected by its line number and the rest goes on.
 * @example const summary = await ingestFile(databaseMentionWriter(ctx), { path: 'backfill.ndjson' });
 */
export async function ingestFile(write: MentionWriter, options: IngestFileOptions): Promise<IngestSummary> {
  const started = performance.now();
  const batchLines = options.batchLines ?? MAX_BATCH_LINES;
  const batchBytes = options.batchBytes ?? MAX_BATCH_BYTES;
  if (!Number.isInteger(batchLines) || batchLines < 1 || batchLines > MAX_BATCH_LINES) {
    throw new RangeError(`batchLines must be 1 to ${MAX_BATCH_LINES}`);
  }
  if (!Number.isInteger(batchBytes) || batchBytes < 1 || batchBytes > MAX_BATCH_BYTES) {
    throw new RangeError(`batchBytes must be 1 to ${MAX_BATCH_BYTES}`);
  }
  const totalBytes = await fileSize(options.path);
  const summary: IngestSummary = {
    file: options.path,
    lines: 0,
    bytes: totalBytes,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    problems: [],
    seconds: 0,
  };
  const take = async (batch: Batch) => {
    const result = batch.lines.length > 0 ? await write(ndjsonBody(batch)) : undefined;
    tally(summary, batch, result);
    options.onProgress?.({ bytesDone: batch.endOffset, totalBytes, lines: summary.lines });
  };
  // One batch in flight while the next is read. Its failure is awaited (and thrown) at the next batch
  // or the end; the empty catch only stops Node from calling it unhandled in between.
  let inFlight: Promise<void> = Promise.resolve();
  for await (const batch of readBatches(options.path, batchLines, batchBytes)) {
    await inFlight;
    options.signal?.throwIfAborted();
    inFlight = take(batch);
    inFlight.catch(() => {});
  }
  await inFlight;
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return summary;
}

function tally(summary: IngestSummary, batch: Batch, result: IngestResult | undefined): void {
  summary.lines += batch.lines.length + batch.refused.length;
  const problems = [...batch.refused];
  if (result) {
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    for (const { index, field, reason } of result.rejected) {
      const line = batch.lines[index]?.line;
      if (line === undefined)
        throw new Error(`the answer names line ${index} of a batch of ${batch.lines.length}`);
      problems.push({ line, field, reason });
    }
  }
  // A line can break several rules; it is one rejected line.
  summary.rejected += new Set(problems.map((p) => p.line)).size;
  problems.sort((a, b) => a.line - b.line);
  for (const problem of problems) {
    if (summary.problems.length === MAX_LISTED_REJECTIONS) break;
    summary.problems.push(problem);
  }
}

/** Into this process's database, as the route takes a request in. */
export function databaseMentionWriter(ctx: IngestContext): MentionWriter {
  return (body) => ingestMentions(ctx, readNdjsonLines(body));
}

/** Through a running instance's `POST /v1/mentions`, retried while it is unreachable or busy. */
export function apiMentionWriter(options: ApiWriterOptions): MentionWriter {
  const post = apiPoster(options);
  return async (body) => (await post('/v1/mentions', body, 'application/x-ndjson')) as IngestResult;
}

interface Batch {
  lines: { line: number; bytes: Buffer }[];
  /** Lines refused before sending (too long to hold). */
  refused: IngestProblem[];
  /** Where in the file the batch's last line ends, for progress. */
  endOffset: number;
}

const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The file's non-blank lines in batches, each line with its number from 1. Streams: memory holds one
 * batch and the read-ahead, whatever the file's size; a line over MAX_LINE_BYTES is skipped unread.
 */
async function* readBatches(path: string, maxLines: number, maxBytes: number): AsyncGenerator<Batch> {
  const input = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let batch = newBatch();
  let batchSize = 0;
  let line = 0;
  let offset = 0; // of the current chunk in the file
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let overlong = false;

  const add = (bytes: Buffer, endOffset: number): Batch | undefined => {
    line++;
    let full: Batch | undefined;
    if (overlong || bytes.length > MAX_LINE_BYTES) {
      batch.refused.push({ line, field: '(line)', reason: `longer than ${MAX_LINE_BYTES} bytes` });
      overlong = false;
    } else {
      const text = line === 1 && bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes;
      if (!isBlank(text)) {
        if (
          batch.lines.length > 0 &&
          (batch.lines.length === maxLines || batchSize + text.length > maxBytes)
        ) {
          full = batch;
          batch = newBatch();
          batchSize = 0;
        }
        batch.lines.push({ line, bytes: text });
        batchSize += text.length + 1;
      }
    }
    batch.endOffset = endOffset;
    return full;
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const end = chunk.indexOf(NEWLINE, start);
        if (end === -1) {
          if (!overlong && start < chunk.length) {
            partial.push(chunk.subarray(start));
            partialBytes += chunk.length - start;
            // Dropped as soon as it is too long: a file without line breaks must not fill the memory.
            if (partialBytes > MAX_LINE_BYTES) {
              overlong = true;
              partial = [];
              partialBytes = 0;
            }
          }
          break;
        }
        let bytes = chunk.subarray(start, end);
        if (partial.length > 0) {
          bytes = Buffer.concat([...partial, bytes]);
          partial = [];
          partialBytes = 0;
        }
        const full = add(bytes, offset + end + 1);
        if (full) yield full;
        start = end + 1;
      }
      offset += chunk.length;
    }
    // The last line may have no line break.
    if (partial.length > 0 || overlong) {
      const full = add(Buffer.concat(partial), offset);
      if (full) yield full;
    }
    if (batch.lines.length > 0 || batch.refused.length > 0 || batch.endOffset < offset) {
      batch.endOffset = offset;
      yield batch;
    }
  } finally {
    input.destroy();
  }
}

function newBatch(): Batch {
  return { lines: [], refused: [], endOffset: 0 };
}

const NEWLINE_BYTE = Buffer.from([NEWLINE]);

function ndjsonBody(batch: Batch): Buffer {
  return Buffer.concat(batch.lines.flatMap(({ bytes }) => [bytes, NEWLINE_BYTE]));
}

/** The file's size, or an error a person reads at once (`ENOENT: ..., stat` is not that). */
async function fileSize(path: string): Promise<number> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error(`${path}: no such file`);
    if (error.code === 'EACCES') throw new Error(`${path}: not allowed to read it`);
    throw error;
  });
  if (found.isDirectory()) throw new Error(`${path} is a folder, not an NDJSON file`);
  return found.size;
}

/** As the route reads NDJSON: only spaces, tabs and carriage returns. */
function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

export interface IngestCommandOptions {
  url?: string | undefined;
  token?: string | undefined;
  /** With `url`: how long one batch is retried while the server is unreachable or busy. */
  retryForMs?: number | undefined;
  loadConfig: () => AftercareConfig;
}

/**
 * `aftercare ingest FILE`: mentions from an NDJSON file into the database, or with `url` through a
 * running instance's API (which must be used while that instance holds the embedded database).
 * Resolves to the exit code: 2 when lines were rejected.
 */
export async function runIngest(file: string, options: IngestCommandOptions): Promise<number> {
  const run = async (write: MentionWriter, signal?: AbortSignal) => {
    const bar = progressBar('ingesting mentions');
    try {
      return await ingestFile(write, {
        path: file,
        signal,
        onProgress: ({ bytesDone, totalBytes, lines }) =>
          bar.update(bytesDone, totalBytes, `bytes, ${lines} lines`),
      });
    } finally {
      bar.stop();
    }
  };
  let summary: IngestSummary;
  if (options.url) {
    if (!options.token) {
      throw new InvalidArgumentError('--url needs AFTERCARE_TOKEN (a token with the ingest role)');
    }
    const write = apiMentionWriter({
      url: options.url,
      token: options.token,
      retryForMs: options.retryForMs,
      onRetry: printRetryNotice,
    });
    summary = await run(write);
  } else {
    // Before the database opens: a typo in the name should not wait for migrations.
    await fileSize(file);
    const config = options.loadConfig();
    const instead =
      `ingest through it: aftercare ingest ${file} --url ${localServerUrl(config)} ` +
      '(token in AFTERCARE_TOKEN)';
    summary = await explainDatabaseInUse(
      () => withContext(config, (ctx) => run(databaseMentionWriter(ctx), ctx.shutdown)),
      instead,
    );
  }
  printIngestSummary(summary);
  return summary.rejected > 0 ? 2 : 0;
}

/** The outcome: counts and rate, then the first rejected lines. */
export function printIngestSummary(
  summary: IngestSummary,
  print: (line: string) => void = console.log,
): void {
  const rate = summary.seconds > 0 ? Math.round(summary.lines / summary.seconds) : summary.lines;
  print(
    `mentions: ${summary.lines} lines in ${summary.seconds.toFixed(1)} s (${rate} lines/s): ` +
      `${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected`,
  );
  for (const problem of summary.problems)
    print(`  line ${problem.line}: ${problem.field}: ${problem.reason}`);
  const unlisted = summary.rejected - new Set(summary.problems.map((p) => p.line)).size;
  if (unlisted > 0) print(`  ... and ${unlisted} more lines`);
}
