import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiMentionWriter, ingestFile, MAX_LINE_BYTES, type MentionWriter } from '../src/ingest-command.js';

type Answer = Awaited<ReturnType<MentionWriter>>;

/** A writer that keeps each batch's lines and rejects every line that is `"bad"`. */
function recordingWriter() {
  const batches: string[][] = [];
  let writing = 0;
  let mostAtOnce = 0;
  const write: MentionWriter = async (body) => {
    writing++;
    mostAtOnce = Math.max(mostAtOnce, writing);
    const lines = Buffer.from(body).toString('utf8').split('\n');
    expect(lines.pop(), 'each line ends with a line break').toBe('');
    batches.push(lines);
    await new Promise((resolve) => setTimeout(resolve, 5));
    writing--;
    const rejected = lines.flatMap((line, index) =>
      line === '"bad"' ? [{ index, field: 'text', reason: 'bad' }] : [],
    );
    return { accepted: lines.length - rejected.length, duplicates: 0, rejected };
  };
  return { write, batches, mostAtOnce: () => mostAtOnce };
}

describe('ingestFile reading a file', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'aftercare-ingest-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('skips blank lines, a BOM and CRs as the route does, and numbers lines as the file does', async () => {
    const file = join(folder, 'feed.ndjson');
    await writeFile(file, '\uFEFF{"a":1}\r\n\r\n  \t\n"bad"\n{"a":2}'); // no line break at the end
    const { write, batches } = recordingWriter();
    const summary = await ingestFile(write, { path: file });
    expect(batches).toEqual([['{"a":1}\r', '"bad"', '{"a":2}']]);
    expect(summary).toMatchObject({ lines: 3, accepted: 2, rejected: 1 });
    expect(summary.problems).toEqual([{ line: 4, field: 'text', reason: 'bad' }]);
  });

  it('cuts batches by lines and by bytes, one in flight at a time, and maps rejections back to lines', async () => {
    const file = join(folder, 'feed.ndjson');
    const lines = ['"a"', '"bad"', '"ccccccccccccccccccccccccc"', '"d"', '"bad"', '"e"', '"f"'];
    await writeFile(file, `${lines.join('\n')}\n`);
    const { write, batches, mostAtOnce } = recordingWriter();
    const progress: number[] = [];
    const summary = await ingestFile(write, {
      path: file,
      batchLines: 3,
      batchBytes: 20,
      onProgress: (p) => progress.push(p.lines),
    });
    expect(batches).toEqual([
      ['"a"', '"bad"'], // the long line would make this batch over 20 bytes
      ['"ccccccccccccccccccccccccc"'], // alone: longer than a batch, it goes by itself
      ['"d"', '"bad"', '"e"'],
      ['"f"'],
    ]);
    expect(mostAtOnce()).toBe(1);
    expect(progress).toEqual([2, 3, 6, 7]);
    expect(summary).toMatchObject({ lines: 7, accepted: 5, rejected: 2 });
    expect(summary.problems.map((p) => p.line)).toEqual([2, 5]);
  });

  it('refuses a line longer than a mention can be without holding it, and goes on', async () => {
    const file = join(folder, 'feed.ndjson');
    const huge = `"${'x'.repeat(MAX_LINE_BYTES + 10)}"`;
    await writeFile(file, ['"a"', huge, '"b"', huge].join('\n'));
    const { write, batches } = recordingWriter();
    const summary = await ingestFile(write, { path: file });
    expect(batches).toEqual([['"a"', '"b"']]);
    expect(summary).toMatchObject({ lines: 4, accepted: 2, rejected: 2 });
    expect(summary.problems).toEqual([
      { line: 2, field: '(line)', reason: `longer than ${MAX_LINE_BYTES} bytes` },
      { line: 4, field: '(line)', reason: `longer than ${MAX_LINE_BYTES} bytes` },
    ]);
  });

  it('stops at a batch that fails, with its error', async () => {
    const file = join(folder, 'feed.ndjson');
    await writeFile(file, '"a"\n"b"\n"c"\n');
    let calls = 0;
    const failing: MentionWriter = async () => {
      calls++;
      throw new Error('gave up after retrying for 300 s: cannot reach the server');
    };
    await expect(ingestFile(failing, { path: file, batchLines: 1 })).rejects.toThrow('gave up');
    expect(calls).toBe(1);
  });

  it('takes an empty file as no lines', async () => {
    const file = join(folder, 'empty.ndjson');
    await writeFile(file, '\n\n');
    const { write, batches } = recordingWriter();
    expect(await ingestFile(write, { path: file })).toMatchObject({ lines: 0, accepted: 0, rejected: 0 });
    expect(batches).toEqual([]);
  });
});

describe('apiMentionWriter against a server', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('posts NDJSON with the bearer token, waiting out a 503 as the server asks', async () => {
    const received: { type?: string; authorization?: string; body: string }[] = [];
    const answer: Answer = { accepted: 1, duplicates: 1, rejected: [] };
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({
          type: request.headers['content-type'],
          authorization: request.headers.authorization,
          body,
        });
        if (received.length === 1) {
          response.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '3' });
          response.end('{"detail":"draining"}');
        } else {
          response.writeHead(202, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify(answer));
        }
      });
    });
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
    const waits: number[] = [];
    const write = apiMentionWriter({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 'ac_feed',
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await write(Buffer.from('{"a":1}\n{"a":1}\n'))).toEqual(answer);
    expect(waits).toEqual([3000]);
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual({
      type: 'application/x-ndjson',
      authorization: 'Bearer ac_feed',
      body: '{"a":1}\n{"a":1}\n',
    });
  });
});

describe('aftercare ingest --help', () => {
  it('says what the command takes, what it answers and where the token comes from', async () => {
    const bin = resolve(import.meta.dirname, '../bin/aftercare.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'ingest', '--help']);
    // Commander wraps descriptions to the terminal's width.
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Usage: aftercare ingest [options] <file>');
    expect(text).toContain('take mentions in from an NDJSON file of any size');
    expect(text).toContain('the token (ingest role) comes from AFTERCARE_TOKEN');
    expect(text).toContain('--retry-for <seconds>');
    expect(text).toContain('Exit code 2 when lines were rejected.');
  }, 30_000);
});
