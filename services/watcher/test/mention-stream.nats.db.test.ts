import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWatcherService } from '../src/index.js';
import { type IngestContext, type IngestLine, ingestMentions } from '../src/mentions/ingest.js';
import { DEAD_LETTER_HEADERS } from '../src/stream/dead-letters.js';
import {
  type MentionStreamOptions,
  type NatsConfig,
  runMentionStream,
} from '../src/stream/mention-stream-worker.js';
import {
  clearMentions,
  createTestStream,
  mapCounts,
  mentionNumber,
  settled,
  type TestStream,
  testNatsUrl,
} from './fixtures/nats.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

const NOW = new Date('2026-03-02T02:30:00.000Z');
const H = DEAD_LETTER_HEADERS;

describe.skipIf(!testNatsUrl)(`the NATS mention consumer on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const streams: TestStream[] = [];
  const running: Array<{ stop: AbortController; done: Promise<void> }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: new ManualClock(NOW) });
    await seedShopWithBlenderAndKettle(ctx);
  });
  beforeEach(async () => clearMentions(database.db));
  afterEach(async () => {
    for (const worker of running.splice(0)) {
      worker.stop.abort();
      await worker.done;
    }
    for (const stream of streams.splice(0)) await stream.dispose();
  });
  afterAll(async () => database?.dispose());

  const newStream = async (options?: Parameters<typeof createTestStream>[1]) => {
    const stream = await createTestStream(testNatsUrl!, options);
    streams.push(stream);
    return stream;
  };
  /** Runs the worker until the test ends (or `stop` is called). */
  const start = (nats: NatsConfig, options: MentionStreamOptions = {}) => {
    const stop = new AbortController();
    const done = runMentionStream(ctx, nats, {
      retry: { baseMs: 50, maxMs: 200 },
      random: () => 0.5,
      ...options,
      signal: stop.signal,
    });
    const worker = { stop, done };
    running.push(worker);
    return async () => {
      running.splice(running.indexOf(worker), 1);
      stop.abort();
      await done;
    };
  };
  const waitSettled = (stream: TestStream, timeout = 15_000) =>
    vi.waitFor(async () => expect(settled(await stream.consumerInfo())).toBe(true), {
      timeout,
      interval: 50,
    });
  const mentions = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => mentionNumber(from + i, NOW));

  it('creates the stream and its consumer, and acknowledges each mention only after its commit', async () => {
    const stream = await newStream({ createStream: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let committed = 0;
    start(stream.nats, {
      ingest: async (c, lines) => {
        const result = await ingestMentions(c, lines);
        committed += result.accepted;
        await gate; // committed, not yet acknowledged
        return result;
      },
    });
    await vi.waitFor(() => stream.consumerInfo(), { timeout: 10_000, interval: 50 });
    const info = await stream.consumerInfo();
    expect(info.config).toMatchObject({
      durable_name: stream.nats.durable,
      ack_policy: 'explicit',
      max_deliver: 3,
    });

    await stream.publish(mentions(0, 300));
    await vi.waitFor(() => expect(committed).toBe(300), { timeout: 10_000 });
    // Every mention is in the database and none of the messages is acknowledged yet.
    expect((await mapCounts(database.db)).mentions).toBe(300);
    expect((await stream.consumerInfo()).num_ack_pending).toBe(300);

    release();
    await waitSettled(stream);
    expect(await mapCounts(database.db)).toEqual({ mentions: 300, keys: 300, hours: 300, days: 300 });
  });

  it('counts a redelivered mention once', async () => {
    const stream = await newStream();
    let calls = 0;
    // The first ingest commits and then fails, as if the connection dropped before the reply: the
    // messages are not acknowledged, and the one message comes again from NATS.
    start(stream.nats, {
      ingest: async (c, lines) => {
        calls++;
        const result = await ingestMentions(c, lines);
        if (calls === 1) throw new Error('connection terminated after the commit');
        return result;
      },
    });
    await stream.publish([mentionNumber(1, NOW)]);
    await waitSettled(stream);
    expect(calls, 'ingest calls').toBe(2);
    // The same mention sent again in new messages, and a batch whose ingest fails after committing.
    calls = 0;
    await stream.publish([mentionNumber(1, NOW), ...mentions(2, 199), mentionNumber(1, NOW)]);
    await waitSettled(stream);
    expect(await mapCounts(database.db)).toEqual({ mentions: 200, keys: 200, hours: 200, days: 200 });
    expect(await stream.deadLetters()).toEqual([]);
  });

  it('sets aside what cannot be taken in, with its reasons, and keeps the valid mentions of the batch', async () => {
    const stream = await newStream();
    const bad: Array<{ data: unknown; fields: string[]; reason: RegExp }> = [
      { data: 'not json {', fields: ['(message)'], reason: /not JSON/ },
      { data: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), fields: ['(message)'], reason: /not valid UTF-8/ },
      { data: '', fields: ['(message)'], reason: /empty message/ },
      { data: mentionNumber(900, NOW, { text: undefined }), fields: ['text'], reason: /./ },
      { data: mentionNumber(901, NOW, { sku: 'NO-SUCH-SKU' }), fields: ['sku'], reason: /no product/ },
      {
        data: mentionNumber(902, NOW, { 'odd\r\nkey': 1, occurredAt: 'yesterday' }),
        fields: ['occurredAt', 'odd key'],
        reason: /./,
      },
    ];
    const payloads = [...mentions(0, 3), ...bad.map((b) => b.data), ...mentions(3, 3)];
    const sequences = await stream.publish(payloads);
    start(stream.nats); // after publishing: all of them in one batch
    await waitSettled(stream);

    expect(await mapCounts(database.db)).toMatchObject({ mentions: 6, hours: 6 });
    // Published as they are found, so in any order: matched to the originals by sequence.
    const letters = await stream.deadLetters();
    const badSequences = sequences.slice(3, 3 + bad.length);
    expect(letters.map((letter) => Number(letter.header.get(H.sequence))).sort((a, b) => a - b)).toEqual(
      badSequences,
    );
    for (const letter of letters) {
      const i = badSequences.indexOf(Number(letter.header.get(H.sequence)));
      const expected = bad[i]!;
      const described = `dead letter ${i}: ${letter.header.values(H.field)} ${letter.header.values(H.reason)}`;
      expect([...new Set(letter.header.values(H.field))].sort(), described).toEqual(expected.fields.sort());
      expect(letter.header.get(H.reason), described).toMatch(expected.reason);
      expect(letter.header.values(H.reason)).toHaveLength(letter.header.values(H.field).length);
      expect(letter.header.get(H.subject)).toBe(stream.publishSubject);
      expect(letter.header.get(H.stream)).toBe(stream.nats.stream);
      expect(letter.header.get(H.deliveries)).toBe('1');
      const original = expected.data;
      expect(Buffer.from(letter.data), described).toEqual(
        Buffer.from(
          original instanceof Uint8Array
            ? original
            : typeof original === 'string'
              ? original
              : JSON.stringify(original),
        ),
      );
    }
  });

  it('without a stream on the dead-letter subject, live subscribers still get the dead letters', async () => {
    const stream = await newStream({ deadLetterStream: false });
    const subscription = stream.nc.subscribe(stream.nats.deadLetterSubject, { max: 1 });
    await stream.nc.flush();
    start(stream.nats);
    await stream.publish(['{"source": "weibo",']);
    for await (const letter of subscription) {
      expect(letter.headers?.get(H.reason)).toMatch(/not JSON/);
      expect(letter.string()).toBe('{"source": "weibo",');
    }
    await waitSettled(stream);
  });

  it('commits the rest of a batch that throws, and sets aside the message at fault on its last delivery', async () => {
    const stream = await newStream({ maxDeliver: 3 });
    const deliveries: number[] = [];
    const ingest = (c: IngestContext, lines: readonly IngestLine[]) => {
      const poisoned = lines.some(
        (line) => 'value' in line && (line.value as { externalId?: string }).externalId === 'poison',
      );
      if (poisoned && lines.length === 1) deliveries.push(Date.now());
      if (poisoned) return Promise.reject(new Error('value out of range for type smallint'));
      return ingestMentions(c, lines);
    };
    await stream.publish([
      ...mentions(0, 25),
      mentionNumber(25, NOW, { externalId: 'poison' }),
      ...mentions(26, 25),
    ]);
    start(stream.nats, { ingest });
    await waitSettled(stream);

    expect(await mapCounts(database.db)).toEqual({ mentions: 50, keys: 50, hours: 50, days: 50 });
    expect(deliveries, 'the poison message alone, once per delivery').toHaveLength(3);
    const [letter, ...others] = await stream.deadLetters();
    expect(others).toEqual([]);
    expect(letter!.header.get(H.field)).toBe('(message)');
    expect(letter!.header.get(H.reason)).toMatch(
      /^ingest failed on each of 3 deliveries; last: Error: value out of range for type smallint/,
    );
    expect(letter!.header.get(H.deliveries)).toBe('3');
    expect(JSON.parse(Buffer.from(letter!.data).toString())).toMatchObject({ externalId: 'poison' });
  });

  it('a transient failure: the messages come again later and none is lost', async () => {
    const stream = await newStream({ maxDeliver: 5 });
    let failuresLeft = 25; // the first batch's halvings, then at most two more deliveries each
    start(stream.nats, {
      ingest: (c, lines) =>
        failuresLeft-- > 0
          ? Promise.reject(new Error('could not serialize access'))
          : ingestMentions(c, lines),
    });
    await stream.publish(mentions(0, 8));
    await waitSettled(stream);
    expect(failuresLeft, 'every planned failure happened').toBeLessThan(0);
    expect(await mapCounts(database.db)).toEqual({ mentions: 8, keys: 8, hours: 8, days: 8 });
    expect(await stream.deadLetters()).toEqual([]);
  });

  it('stops in the middle of a stream and, started again, counts every mention once', async () => {
    const stream = await newStream();
    const total = 10_000;
    const publishing = stream.publish(mentions(0, total));
    const stop = start(stream.nats, { batchSize: 500 });
    await vi.waitFor(async () => expect((await mapCounts(database.db)).mentions).toBeGreaterThan(1_000), {
      timeout: 20_000,
      interval: 50,
    });
    await stop();
    const atStop = await mapCounts(database.db);
    expect(atStop.mentions, 'stopped in the middle').toBeLessThan(total);
    await publishing;
    start(stream.nats, { batchSize: 500 });
    await waitSettled(stream, 30_000);
    expect(await mapCounts(database.db)).toEqual({ mentions: total, keys: total, hours: total, days: total });
  });

  it('refuses a dead-letter subject that it would read again', async () => {
    const stream = await newStream();
    const nats = { ...stream.nats, deadLetterSubject: stream.publishSubject };
    await expect(runMentionStream(ctx, nats, { signal: new AbortController().signal })).rejects.toThrow(
      /must be outside NATS_SUBJECT/,
    );
  });
});

describe('the watcher service and NATS_URL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ serverUrl: '' });
  });
  afterAll(async () => database?.dispose());

  it('runs the stream consumer only when NATS_URL is set', async () => {
    const names = async (env: Record<string, string>) =>
      createWatcherService(await createTestContext(database, { env })).workers.map((worker) => worker.name);
    expect(await names({})).not.toContainEqual(expect.stringMatching(/^nats:/));
    expect(await names({ NATS_URL: 'nats://127.0.0.1:4222', NATS_DURABLE: 'watcher-a' })).toContain(
      'nats:watcher-a',
    );
  });
});
