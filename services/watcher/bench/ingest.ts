// Mentions per second end to end: NDJSON over real HTTP into POST /v1/mentions (parsed, checked,
// scored, attributed, committed with the risk map's cells updated), sustained for BENCH_SECONDS
// (default 60) on a real PostgreSQL server, with resident memory sampled along the way; then a raw
// COPY of the same rows into a table shaped like mentions, and the ratio. Target: 20,000/s.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createApiToken } from '@aftercare/auth';
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createHttpApp, createMetricsRegistry, listen } from '@aftercare/http';
import { createLogger } from '@aftercare/logger';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createWatcherService } from '../src/index.js';
import { benchServerUrl, mentionFeed, postgresAnswers } from './mention-feed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BATCH = 10_000;
const CLIENTS = 2;
const serverUrl = benchServerUrl;

if (!(await postgresAnswers(serverUrl))) {
  console.log(`watcher: real PostgreSQL at ${new URL(serverUrl).host} not reachable; ingest bench skipped`);
  process.exit(0);
}

const database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
try {
  const ctx = await createContext(
    toConfig(readEnv({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' })),
    {
      database,
      migrate: false,
      logger: createLogger({ level: 'silent' }),
    },
  );
  await seedDemo(ctx, { actor: 'bench', now: new Date(), customers: 2_000, products: 500, orders: 5_000 });
  const products = await ctx.db.selectFrom('products').select(['sku', 'name']).execute();
  const { token } = await createApiToken(ctx, { name: 'bench feed', role: 'ingest', createdBy: 'bench' });
  const app = createHttpApp(ctx, [createWatcherService(ctx)], createMetricsRegistry());
  const server = await listen(app, '127.0.0.1', 0);

  const line = mentionFeed(products);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1_000);
  let accepted = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const now = Date.now();
        const body = Array.from({ length: BATCH }, () => line(now)).join('\n');
        const res = await fetch(`${server.url}/v1/mentions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
          body,
        });
        if (res.status !== 202) throw new Error(`batch failed: ${res.status} ${await res.text()}`);
        accepted += ((await res.json()) as { accepted: number }).accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await server.close(1000);
  const rate = accepted / seconds;
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const early = Math.max(...rss.slice(0, third));
  const late = Math.max(...rss.slice(-third));

  // The same rows, already scored and attributed, exported as COPY text and copied into a table
  // shaped like mentions: what a bare bulk load of them costs on this server.
  await sql`create table mentions_copy (like mentions)`.execute(database.db);
  const copyRows = Math.min(accepted, 200_000);
  const client = new pg.Client({ connectionString: database.url! });
  await client.connect();
  const chunks: Buffer[] = [];
  const exported = client.query(
    copyTo(`copy (select * from mentions order by id limit ${copyRows}) to stdout`),
  );
  for await (const chunk of exported) chunks.push(chunk as Buffer);
  const copyStarted = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom('copy mentions_copy from stdin')));
  const copyRate = copyRows / ((performance.now() - copyStarted) / 1000);
  await client.end();
  const cells = await sql<{ n: string }>`select count(*) as n from risk_cells`.execute(database.db);
  console.log(
    `watcher: mentions/s end to end (NDJSON over HTTP, scored, attributed, map updated) on postgres: ` +
      `${Math.round(rate).toLocaleString('en')} sustained for ${seconds.toFixed(0)} s ` +
      `(${accepted.toLocaleString('en')} mentions, ${Number(cells.rows[0]?.n).toLocaleString('en')} cells; target 20,000) | ` +
      `raw COPY of the same rows: ${Math.round(copyRate).toLocaleString('en')}/s | API/COPY: ${(rate / copyRate).toFixed(2)} | ` +
      `RSS peak ${mb(early)} MB in the first third, ${mb(late)} MB in the last`,
  );
  await ctx.close();
} finally {
  await database.dispose();
}
