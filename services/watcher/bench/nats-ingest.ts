// Mentions per second end to end through NATS: mentions published to a JetStream stream, pulled by
// the watcher's durable consumer, checked, scored, attributed and committed with the risk map's
// cells, acknowledged after the commit; sustained for BENCH_SECONDS (default 60) on a real
// PostgreSQL server, publisher and consumer in this process, with resident memory sampled along the
// way. Target: 20,000/s. NATS from BENCH_NATS_URL or TEST_NATS_URL (default nats://127.0.0.1:4222).
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createLogger } from '@aftercare/logger';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { ingestMentions } from '../src/mentions/ingest.js';
import { connectNats } from '../src/stream/connect-nats.js';
import { type NatsConfig, runMentionStream } from '../src/stream/mention-stream-worker.js';
import { benchServerUrl, mentionFeed, postgresAnswers } from './mention-feed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
// The worker's defaults unless BENCH_BATCH / BENCH_CONCURRENCY try others.
const batchSize = Number(process.env.BENCH_BATCH ?? 5_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
// The most published and not yet committed: the stream is ahead of the consumer, never a disk's worth.
const MAX_BACKLOG = 100_000;
const serverUrl = benchServerUrl;
const natsUrl = process.env.BENCH_NATS_URL ?? process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

if (!(await postgresAnswers(serverUrl))) {
  console.log(
    `watcher: real PostgreSQL at ${new URL(serverUrl).host} not reachable; NATS ingest bench skipped`,
  );
  process.exit(0);
}
const nc = await connectNats(natsUrl, 'aftercare bench').catch(() => undefined);
if (!nc) {
  console.log(`watcher: NATS at ${new URL(natsUrl).host} not reachable; NATS ingest bench skipped`);
  process.exit(0);
}

const id = randomBytes(4).toString('hex');
const nats: NatsConfig = {
  url: natsUrl,
  stream: `AFTERCARE_BENCH_${id}`,
  subject: `aftercare-bench.${id}.mentions.>`,
  durable: `bench_${id}`,
  maxDeliver: 5,
  deadLetterSubject: `aftercare-bench.${id}.dead`,
};
const jsm = await jetstreamManager(nc);
const database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
try {
  const ctx = await createContext(toConfig(readEnv({ LOG_LEVEL: 'silent' })), {
    database,
    migrate: false,
    logger: createLogger({ level: 'silent' }),
  });
  await seedDemo(ctx, { actor: 'bench', now: new Date(), customers: 2_000, products: 500, orders: 5_000 });
  const products = await ctx.db.selectFrom('products').select(['sku', 'name']).execute();
  const mention = mentionFeed(products);

  await jsm.streams.add({ name: nats.stream, subjects: [nats.subject] });
  const stop = new AbortController();
  let accepted = 0;
  let batches = 0;
  const consuming = runMentionStream(ctx, nats, {
    signal: stop.signal,
    batchSize,
    concurrency,
    ingest: async (c, lines) => {
      const result = await ingestMentions(c, lines);
      accepted += result.accepted;
      batches++;
      return result;
    },
  });

  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1_000);
  const started = performance.now();
  const deadline = started + SECONDS * 1_000;
  // Published as a producer at volume would, without waiting for each acknowledgement (the
  // stream's count is checked at the end), and never more than MAX_BACKLOG ahead of the consumer.
  const subject = `aftercare-bench.${id}.mentions.weibo`;
  let published = 0;
  while (performance.now() < deadline) {
    if (published - accepted > MAX_BACKLOG) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const now = Date.now();
    for (let i = 0; i < 1_000; i++) nc.publish(subject, mention(now));
    await nc.flush();
    published += 1_000;
  }
  const seconds = (performance.now() - started) / 1000;
  const committed = accepted;
  clearInterval(sampler);
  stop.abort();
  await consuming;
  const rate = committed / seconds;
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const early = Math.max(...rss.slice(0, third));
  const late = Math.max(...rss.slice(-third));
  const cells = await sql<{ n: string }>`select count(*) as n from risk_cells`.execute(database.db);
  const stored = (await jsm.streams.info(nats.stream)).state.messages;
  console.log(
    `watcher: mentions/s end to end through NATS JetStream (published, pulled, scored, attributed, map updated, acked) on postgres: ` +
      `${Math.round(rate).toLocaleString('en')} sustained for ${seconds.toFixed(0)} s ` +
      `(${committed.toLocaleString('en')} committed of ${stored.toLocaleString('en')} in the stream, ` +
      `batches of up to ${batchSize.toLocaleString('en')} (${Math.round(accepted / batches).toLocaleString('en')} on average), ${concurrency} at once, ` +
      `${Number(cells.rows[0]?.n).toLocaleString('en')} cells; target 20,000) | ` +
      `RSS peak ${mb(early)} MB in the first third, ${mb(late)} MB in the last | ` +
      `${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}`,
  );
  await ctx.close();
} finally {
  await jsm.streams.delete(nats.stream).catch(() => {});
  await nc.close();
  await database.dispose();
}
