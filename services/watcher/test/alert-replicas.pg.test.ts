import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createTestContext } from '@aftercare/http/testing';
import { systemClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type IngestLine, ingestMentions } from '../src/mentions/ingest.js';

const serviceDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOUR = 3_600_000;
const CELLS = 12;

// Two watcher processes evaluate the same changed cells of one real server at once: the detector's
// row lock and the one-live-alert index leave each spike with one alert and one event.
describe('spike alerts from two processes', { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  const children: { process: ChildProcess; output: () => string; exited: Promise<unknown> }[] = [];
  const start = (worker: string) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'fixtures', 'evaluator-replica.ts')],
      {
        cwd: serviceDir,
        env: { ...process.env, DATABASE_URL: database.url!, WORKER: worker, BATCH: '2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const replica = {
      process: child,
      output: () => output,
      exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal))),
    };
    children.push(replica);
    return replica;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: systemClock });
    await seedDemo(ctx, { actor: 'test', now: new Date(), customers: 50, products: CELLS, orders: 100 });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
  });
  afterAll(async () => database?.dispose());

  it(`opens exactly one alert, with one event, for each of ${CELLS} spikes`, async () => {
    const products = await ctx.db.selectFrom('products').select('sku').orderBy('id').execute();
    const now = Date.now();
    let n = 0;
    const post = (sku: string, text: string, at: number): IngestLine => ({
      index: n,
      value: {
        source: 'weibo',
        externalId: `m-${n++}`,
        sku,
        region: 'Guangdong',
        text,
        occurredAt: new Date(at).toISOString(),
      },
    });
    // Two ordinary weeks for every product, as history.
    const history: IngestLine[] = [];
    for (const { sku } of products) {
      for (let h = 14 * 24; h >= 6; h -= 6)
        history.push(post(sku, h % 30 === 0 ? '质量太差了' : '很好用，推荐购买', now - h * HOUR));
    }
    await ingestMentions(ctx, history);
    await ctx.db.deleteFrom('risk_cell_changes').execute();

    const pair = [start('p1'), start('p2')];
    await vi.waitFor(
      () => {
        for (const replica of pair) if (!/^ready$/m.test(replica.output())) throw new Error(replica.output());
      },
      { timeout: 20_000 },
    );
    // Each product's burst arrives in four batches while both processes evaluate.
    for (let batch = 0; batch < 4; batch++) {
      await ingestMentions(
        ctx,
        products.flatMap(({ sku }) =>
          Array.from({ length: 4 }, (_, i) =>
            post(sku, '外壳开裂，漏水，质量太差了', now - (batch * 4 + i) * 1_000),
          ),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from risk_cell_changes where state <> 'done'`.execute(database.db);
        if (rows[0]!.n > 0) throw new Error(`${rows[0]!.n} changes left`);
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const child of pair) child.process.kill('SIGTERM');
    expect(await Promise.all(pair.map((child) => child.exited)), pair[0]!.output()).toEqual([0, 0]);

    const { rows } = await sql<{ alerts: number; worst: number; events: number; eventsWorst: number }>`
      select
        (select count(*)::int from risk_alerts where kind = 'spike') as alerts,
        (select coalesce(max(n), 0)::int from (select count(*) as n from risk_alerts group by product_id, region) a) as worst,
        (select count(*)::int from domain_events where type = 'risk_alert.opened@1') as events,
        (select coalesce(max(n), 0)::int from (select count(*) as n from domain_events
          where type = 'risk_alert.opened@1' group by payload->>'sku') e) as "eventsWorst"`.execute(
      database.db,
    );
    expect(rows[0]).toEqual({ alerts: CELLS, worst: 1, events: CELLS, eventsWorst: 1 });
    const split = await sql<{ replica: string }>`
      select distinct split_part(leased_by, '/', 1) as replica from risk_cell_changes order by 1`.execute(
      database.db,
    );
    expect(
      split.rows.map((row) => row.replica),
      'both processes evaluated',
    ).toEqual(['p1', 'p2']);
  });
});
