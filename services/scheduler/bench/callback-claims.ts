// The agents' queue on a real server: 200,000 pending callbacks over the demo's customers (in their
// own time zones), 32 agents claiming at once for CLAIM_SECONDS through the claim the API runs
// (urgency order and calling hours in the statement, FOR UPDATE SKIP LOCKED). Prints claims/s and
// checks that no callback went to two agents. Target: 2,000 claims/s, zero doubles. Skips (exit 0)
// when no server answers.
import { readEnv, toConfig } from '@aftercare/config';
import { createContext } from '@aftercare/context';
import { isDatabaseUnavailable } from '@aftercare/db';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { seedDemo } from '@aftercare/demo';
import { createLogger } from '@aftercare/logger';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { claimNextCallback } from '../src/callbacks/claim.js';

const CALLBACKS = 200_000;
const AGENTS = 32;
const CLAIM_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

let database: TestDatabase;
try {
  database = await createTestDatabase({ serverUrl, prefix: 'aftercare_bench' });
} catch (error) {
  if (!isDatabaseUnavailable(error)) throw error;
  console.log(
    `scheduler: callback claims skipped, no PostgreSQL server at ${new URL(serverUrl).host} (${error})`,
  );
  process.exit(0);
}
try {
  // 10:00 in Shanghai, so the demo's Chinese customers (most of them) may be called.
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const ctx = await createContext(toConfig(readEnv({ LOG_LEVEL: 'silent', DB_POOL_MAX: String(AGENTS) })), {
    database,
    migrate: false,
    clock,
    logger: createLogger({ level: 'silent' }),
  });
  await seedDemo(ctx, { actor: 'bench', now: clock.now(), customers: 20_000, products: 100, orders: 20_000 });
  await sql`
    insert into callbacks (kind, customer_id, questionnaire_key, questionnaire_version, level, vip, due_at,
      window_end, created_at)
    select (array['confirmation', 'satisfaction', 'periodic', 'proactive'])[1 + n % 4], c.id, 'satisfaction', 1,
      case when n % 4 < 2 then 1 + n % 3 end, c.tier = 'vip',
      ${clock.now()}::timestamptz - (n % 1440) * interval '1 minute',
      ${clock.now()}::timestamptz + interval '2 days', ${clock.now()}::timestamptz
    from generate_series(1, ${CALLBACKS}) as n
    join lateral (select id, tier from customers order by id offset (n * 7919) % 20000 limit 1) c on true`.execute(
    ctx.db,
  );
  await sql`analyze callbacks, customers`.execute(ctx.db);

  const claimed: number[] = [];
  const deadline = performance.now() + CLAIM_SECONDS * 1_000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, agent) => {
      while (performance.now() < deadline) {
        const row = await claimNextCallback(ctx, { actor: `bench-agent-${agent}` });
        if (!row) break;
        claimed.push(row.id);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const doubles = claimed.length - new Set(claimed).size;
  const { rows } = await sql<{ outside: number }>`
    select count(*)::int as outside from callbacks cb join customers cu on cu.id = cb.customer_id
    where cb.status = 'claimed'
      and not ((${clock.now()}::timestamptz at time zone cu.time_zone)::time between '09:00' and '20:00')`.execute(
    ctx.db,
  );
  console.log(
    `scheduler: callback claims on postgres, ${AGENTS} agents over ${CALLBACKS.toLocaleString('en')} pending: ` +
      `${Math.round(claimed.length / seconds).toLocaleString('en')} claims/s for ${seconds.toFixed(1)} s ` +
      `(${claimed.length.toLocaleString('en')} claims, ${doubles} given twice, ${rows[0]?.outside ?? 0} outside calling hours; target 2,000/s)`,
  );
  await ctx.close();
} finally {
  await database.dispose();
}
