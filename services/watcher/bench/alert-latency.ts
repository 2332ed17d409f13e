// How soon a spike becomes an alert: from the commit of its posts (ingestMentions resolved) to its
// risk_alerts row, with the evaluator worker running as `aftercare start` runs it, on a real
// PostgreSQL server; first on a quiet stream, then while ordinary posts about 500 other products
// pour in. Target: within 5 s.
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { createTestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createLogger } from '@aftercare/logger';
import { type IngestLine, ingestMentions } from '../src/mentions/ingest.js';
import { riskEvaluatorWorker } from '../src/riskmap/evaluator-worker.js';
import { benchServerUrl, postgresAnswers } from './mention-feed.js';

const HOUR = 3_600_000;
const SPIKES = Number(process.env.BENCH_SPIKES ?? 20);
const serverUrl = benchServerUrl;

if (!(await postgresAnswers(serverUrl))) {
  console.log(
    `watcher: real PostgreSQL at ${new URL(serverUrl).host} not reachable; alert latency bench skipped`,
  );
  process.exit(0);
}

const database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
try {
  const ctx = await createContext(toConfig(readEnv({ LOG_LEVEL: 'silent' })), {
    database,
    migrate: false,
    logger: createLogger({ level: 'silent' }),
  });
  await seedDemo(ctx, {
    actor: 'bench',
    now: new Date(),
    customers: 1_000,
    products: 500 + 2 * SPIKES,
    orders: 2_000,
  });
  const skus = (await ctx.db.selectFrom('products').select('sku').orderBy('id').execute()).map((p) => p.sku);
  const spiking = skus.slice(0, 2 * SPIKES);
  const background = skus.slice(2 * SPIKES);

  let n = 0;
  const post = (sku: string, text: string, at: number, region = 'Guangdong'): IngestLine => ({
    index: n,
    value: {
      source: 'weibo',
      externalId: `b-${n++}`,
      sku,
      region,
      text,
      occurredAt: new Date(at).toISOString(),
    },
  });
  // Two ordinary weeks for the products that will spike: their baseline.
  const start = Date.now();
  const history: IngestLine[] = [];
  for (const sku of spiking) {
    for (let h = 14 * 24; h >= 3; h -= 3)
      history.push(post(sku, h % 24 === 0 ? '质量太差了' : '很好用，推荐购买', start - h * HOUR));
  }
  for (let i = 0; i < history.length; i += 5_000) await ingestMentions(ctx, history.slice(i, i + 5_000));
  await ctx.db.deleteFrom('risk_cell_changes').execute();

  const stop = new AbortController();
  const evaluator = riskEvaluatorWorker(ctx).run(stop.signal);

  /** Seconds from the commit of a burst of 12 negative posts to its alert, for each product. */
  async function measure(products: string[]): Promise<number[]> {
    const latencies: number[] = [];
    for (const sku of products) {
      const now = Date.now();
      await ingestMentions(
        ctx,
        Array.from({ length: 12 }, (_, i) => post(sku, '外壳开裂，漏水，要求退货', now - i * 1_000)),
      );
      const committed = performance.now();
      const product = await ctx.db
        .selectFrom('products')
        .select('id')
        .where('sku', '=', sku)
        .executeTakeFirstOrThrow();
      for (;;) {
        const alert = await ctx.db
          .selectFrom('risk_alerts')
          .select('id')
          .where('product_id', '=', product.id)
          .executeTakeFirst();
        if (alert) break;
        if (performance.now() - committed > 30_000) throw new Error(`no alert for ${sku} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push((performance.now() - committed) / 1000);
    }
    return latencies;
  }

  const quiet = await measure(spiking.slice(0, SPIKES));

  // Ordinary talk about 500 products in 7 regions, 2,000 posts a batch, as fast as it commits.
  let flowing = true;
  let streamed = 0;
  const stream = (async () => {
    const regions = ['Guangdong', 'Zhejiang', 'Beijing', 'Shanghai', 'Sichuan', 'Jiangsu', 'Hubei'];
    while (flowing) {
      const now = Date.now();
      const batch = Array.from({ length: 2_000 }, (_, i) =>
        post(
          background[(n + i) % background.length]!,
          i % 9 === 0 ? '物流太慢了' : '很好用',
          now - (i % 600) * 1_000,
          regions[i % 7],
        ),
      );
      streamed += (await ingestMentions(ctx, batch)).accepted;
    }
  })();
  const streamStarted = performance.now();
  const busy = await measure(spiking.slice(SPIKES));
  flowing = false;
  await stream;
  const streamRate = streamed / ((performance.now() - streamStarted) / 1000);
  stop.abort();
  await evaluator;

  const summary = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
    return `median ${at(0.5)} s, p95 ${at(0.95)} s, max ${sorted.at(-1)!.toFixed(2)} s`;
  };
  console.log(
    `watcher: spike to alert on postgres, ${SPIKES} spikes each: quiet stream ${summary(quiet)} | ` +
      `while ${Math.round(streamRate).toLocaleString('en')} ordinary posts/s stream in ${summary(busy)} (target 5 s)`,
  );
  await ctx.close();
} finally {
  await database.dispose();
}
