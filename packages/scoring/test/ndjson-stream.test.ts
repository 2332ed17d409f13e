import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTextScorer, scoreItemSchema, scoreNdjsonStream } from '../src/index.js';

const scorer = createTextScorer();

async function run(
  input: Readable,
): Promise<{ lines: unknown[]; result: { lines: number; errors: number } }> {
  let out = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const result = await scoreNdjsonStream(input, output, scorer);
  return {
    lines: out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
    result,
  };
}

describe('scoreNdjsonStream', () => {
  it('answers one line per line, in order, errors in place', async () => {
    const input = Readable.from([
      '{"text":"package never arrived"}\n',
      'not json\n',
      '{"text":"送餐太慢了","lang":"zh","rating":2}\n',
      '{"text":"fine","rating":7}\n',
      '{"nope":1}\r\n',
      '\n',
      '{"text":"Great, works perfectly"}',
    ]);
    const { lines, result } = await run(input);
    expect(result).toEqual({ lines: 7, errors: 4 });
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ label: 'negative', lang: 'en', topics: ['logistics'], complaint: true });
    expect(lines[1]).toEqual({ error: 'not JSON' });
    expect(lines[2]).toMatchObject({ label: 'negative', lang: 'zh' });
    expect(lines[3]).toMatchObject({ error: expect.stringContaining('rating') });
    expect(lines[4]).toMatchObject({ error: expect.stringContaining('text') });
    expect(lines[5]).toEqual({ error: 'empty line' });
    expect(lines[6]).toMatchObject({ label: 'positive' });
    for (const line of lines.filter((l) => !(typeof l === 'object' && l !== null && 'error' in l))) {
      expect(Object.keys(line as object).sort()).toEqual(
        ['comparative', 'complaint', 'label', 'lang', 'score', 'terms', 'topics'].sort(),
      );
    }
  });

  it('joins lines split across chunks, multi-byte characters included', async () => {
    const bytes = Buffer.from('{"text":"質量很差"}\n{"text":"ok"}\n');
    const input = Readable.from([bytes.subarray(0, 13), bytes.subarray(13, 15), bytes.subarray(15)]);
    const { lines } = await run(input);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ label: 'negative', lang: 'zh' });
  });

  it('answers an over-long line with an error and goes on', async () => {
    const huge = 'x'.repeat(2_100_000);
    const input = Readable.from([`{"text":"${huge}`, `${huge}"}\n`, '{"text":"broken"}\n']);
    const { lines, result } = await run(input);
    expect(result).toEqual({ lines: 2, errors: 1 });
    expect(lines[0]).toMatchObject({ error: expect.stringContaining('longer than') });
    expect(lines[1]).toMatchObject({ label: 'negative' });
  });

  it('scores a 1 MB text in a line and says it was truncated', async () => {
    const input = Readable.from([`${JSON.stringify({ text: 'It broke. '.repeat(99_000) })}\n`]);
    const { lines } = await run(input);
    expect(lines[0]).toMatchObject({ label: 'negative', truncated: true });
  });

  it('waits for a slow reader (backpressure)', async () => {
    const count = 5_000;
    const input = Readable.from(
      (function* () {
        for (let i = 0; i < count; i++) yield '{"text":"arrived late"}\n';
      })(),
    );
    const output = new PassThrough({ highWaterMark: 64 });
    let received = 0;
    let maxBuffered = 0;
    output.on('data', (chunk: Buffer) => {
      received += chunk.toString().split('\n').length - 1;
      maxBuffered = Math.max(maxBuffered, output.writableLength);
      output.pause();
      setImmediate(() => output.resume());
    });
    const result = await scoreNdjsonStream(input, output, scorer);
    output.end();
    await new Promise((resolve) => output.on('end', resolve));
    expect(result.lines).toBe(count);
    expect(received).toBe(count);
    // Without backpressure the whole output (~800 KB) would pile up in the buffer.
    expect(maxBuffered).toBeLessThan(64 * 1024);
  });
});

describe('scoreItemSchema', () => {
  it('accepts a full item and rejects bad ones', () => {
    expect(scoreItemSchema.safeParse({ text: 'hi', lang: 'zh', rating: 5 }).success).toBe(true);
    expect(scoreItemSchema.safeParse({ text: 'hi', lang: 'fr' }).success).toBe(false);
    expect(scoreItemSchema.safeParse({ text: 'hi', rating: 2.5 }).success).toBe(false);
    expect(scoreItemSchema.safeParse({ text: 'hi', rating: 0 }).success).toBe(false);
    expect(scoreItemSchema.safeParse({ text: 'x'.repeat(1_000_001) }).success).toBe(false);
  });
});
