import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { createLogger } from '@aftercare/logger';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMentionStream } from '../src/stream/mention-stream-worker.js';
import { type Child, spawnChild } from './fixtures/child.js';
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

const TOTAL = 100_000;
const ACK_WAIT_MS = 2_000;

// Watcher processes on one real server, as replicas run: whatever happens to them, each mention of
// the stream is counted once in the map.
describe.skipIf(!testNatsUrl)('the NATS mention consumer on real PostgreSQL', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  const streams: TestStream[] = [];
  const children: Child[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database);
    await seedShopWithBlenderAndKettle(ctx);
    await ctx.close();
  });
  beforeEach(async () => clearMentions(database.db));
  afterEach(async () => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
    for (const stream of streams.splice(0)) await stream.dispose();
  });
  afterAll(async () => database?.dispose());

  const newStream = async () => {
    const stream = await createTestStream(testNatsUrl!);
    streams.push(stream);
    return stream;
  };
  const startWatcher = (stream: TestStream) => {
    const { nats } = stream;
    const child = spawnChild('stream-watcher.ts', {
      DATABASE_URL: database.url!,
      NATS_URL: nats.url,
      NATS_STREAM: nats.stream,
      NATS_SUBJECT: nats.subject,
      NATS_DURABLE: nats.durable,
      NATS_DEAD_LETTER_SUBJECT: nats.deadLetterSubject,
      ACK_WAIT_MS: String(ACK_WAIT_MS),
    });
    children.push(child);
    return child;
  };
  const allMentions = (now: Date) =>
    (function* () {
      for (let n = 0; n < TOTAL; n++) yield mentionNumber(n, now);
    })();
  const waitForAll = (stream: TestStream, timeout: number) =>
    vi.waitFor(
      async () => {
        expect(settled(await stream.consumerInfo())).toBe(true);
        expect((await mapCounts(database.db)).mentions).toBe(TOTAL);
      },
      { timeout, interval: 200 },
    );
  const stopped = async (child: Child) => {
    child.process.kill('SIGTERM');
    expect(await child.exited, child.output()).toBe(0);
    return Number(/^accepted (\d+)$/m.exec(child.output())?.[1]);
  };

  it('a watcher killed in the middle of 100,000 mentions and started again counts each once', async () => {
    const stream = await newStream();
    const first = startWatcher(stream);
    await first.printed('ready');
    const publishing = stream.publish(allMentions(new Date()));
    await vi.waitFor(async () => expect((await mapCounts(database.db)).mentions).toBeGreaterThan(20_000), {
      timeout: 30_000,
      interval: 100,
    });
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = await mapCounts(database.db);
    expect(atKill.mentions, 'killed in the middle').toBeLessThan(TOTAL);

    await publishing;
    const second = startWatcher(stream);
    await waitForAll(stream, 40_000);
    await stopped(second);
    expect(await mapCounts(database.db)).toEqual({ mentions: TOTAL, keys: TOTAL, hours: TOTAL, days: TOTAL });
    expect(await stream.deadLetters()).toEqual([]);
  });

  it('two watcher processes on one stream count each of 100,000 mentions once, sharing the work', async () => {
    const stream = await newStream();
    const watchers = [startWatcher(stream), startWatcher(stream)];
    await Promise.all(watchers.map((child) => child.printed('ready')));
    // Both are pulling before anything is published, so both get a share.
    await vi.waitFor(
      async () => expect((await stream.consumerInfo()).num_waiting).toBeGreaterThanOrEqual(4),
      {
        timeout: 20_000,
        interval: 50,
      },
    );
    await stream.publish(allMentions(new Date()));
    await waitForAll(stream, 40_000);
    const accepted = await Promise.all(watchers.map(stopped));
    expect(accepted[0]! + accepted[1]!, `accepted per process: ${accepted}`).toBe(TOTAL);
    expect(Math.min(...accepted), `accepted per process: ${accepted}`).toBeGreaterThan(0);
    expect(await mapCounts(database.db)).toEqual({ mentions: TOTAL, keys: TOTAL, hours: TOTAL, days: TOTAL });
  });

  it('holds its batches while the database refuses connections, spends no delivery, and takes them in once it is back', async () => {
    const stream = await newStream();
    const name = new URL(database.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const ctx = await createContext(toConfig(readEnv({ DATABASE_URL: database.url })), {
      migrate: false,
      logger: createLogger({ level: 'silent' }),
    });
    const stop = new AbortController();
    const running = runMentionStream(ctx, stream.nats, {
      signal: stop.signal,
      ackWaitMs: ACK_WAIT_MS,
      retry: { baseMs: 200, maxMs: 500 },
    });
    try {
      const now = new Date();
      await stream.publish(Array.from({ length: 500 }, (_, n) => mentionNumber(n, now)));
      await vi.waitFor(async () => expect(settled(await stream.consumerInfo())).toBe(true), {
        timeout: 10_000,
      });

      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await stream.publish(Array.from({ length: 500 }, (_, n) => mentionNumber(500 + n, now)));
      // Held past two ack waits: kept alive, so not one message came again or was set aside.
      await new Promise((resolve) => setTimeout(resolve, 2.5 * ACK_WAIT_MS));
      const during = await stream.consumerInfo();
      expect({ ackPending: during.num_ack_pending, redelivered: during.num_redelivered }).toEqual({
        ackPending: 500,
        redelivered: 0,
      });
      expect(await stream.deadLetters()).toEqual([]);

      await admin.query(`alter database ${name} allow_connections true`);
      await vi.waitFor(async () => expect(settled(await stream.consumerInfo())).toBe(true), {
        timeout: 10_000,
      });
      expect(await mapCounts(database.db)).toEqual({
        mentions: 1_000,
        keys: 1_000,
        hours: 1_000,
        days: 1_000,
      });
      expect(await stream.deadLetters()).toEqual([]);
    } finally {
      await admin.query(`alter database ${name} allow_connections true`);
      await admin.end();
      stop.abort();
      await running;
      await ctx.close();
    }
  });
});
