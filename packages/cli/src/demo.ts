import { createApiToken, ROLES } from '@aftercare/auth';
import { seedDemo } from '@aftercare/demo';
import type { AppContext } from '@aftercare/runtime';
import {
  DEMO_AGENT_EMAIL,
  DEMO_SUPERVISOR_EMAIL,
  seedDemoComplaints,
  seedDemoStaff,
} from '@aftercare/scheduler';
import { seedDemoMentions } from '@aftercare/watcher';
import { progressBar } from './progress.js';

export const DEMO_ACTOR = 'demo';

// Written after the last batch of a demo seed: a seed stopped half-way has batches but not this.
const DEMO_SEEDED = 'demo.seeded';

type SeedOptions = {
  seed?: number;
  customers?: number;
  products?: number;
  orders?: number;
  complaints?: number;
  signal?: AbortSignal;
};

/**
 * Fills an empty database with the demo data set, or finishes a demo seed that was stopped half-way
 * (the seed is idempotent, so what was written is counted unchanged); says what it wrote. A database
 * with data of its own is left alone.
 */
export async function seedDemoIfEmpty(ctx: AppContext, options: SeedOptions = {}) {
  const customer = await ctx.db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (customer && !(await demoSeedUnfinished(ctx))) return undefined;
  return runSeed(ctx, options);
}

async function demoSeedUnfinished(ctx: AppContext): Promise<boolean> {
  const entries = await ctx.db
    .selectFrom('audit_log')
    .select('action')
    .where('actor', '=', DEMO_ACTOR)
    .where('entity', 'in', ['customer', 'product', 'order', 'demo'])
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  return entries.length > 0 && entries[0]!.action !== DEMO_SEEDED;
}

export async function runSeed(ctx: AppContext, options: SeedOptions) {
  const bar = progressBar('seeding demo data');
  try {
    const started = performance.now();
    const signal = options.signal ? AbortSignal.any([ctx.shutdown, options.signal]) : ctx.shutdown;
    const now = ctx.clock.now();
    const reference = await seedDemo(ctx, {
      ...options,
      actor: DEMO_ACTOR,
      now,
      signal,
      onProgress: ({ stage, done, total }) => bar.update(done, total, stage),
    });
    // Each service adds its part of the demo on the reference data (a queue to work, a map, ...).
    const staff = await seedDemoStaff(ctx);
    const complaints = await seedDemoComplaints(ctx, {
      now,
      signal,
      count: options.complaints ?? Math.min(3_000, Math.ceil(reference.orders / 30)),
      seed: options.seed,
    });
    const mentions = await seedDemoMentions(ctx, { now, signal, seed: options.seed });
    const result = {
      ...reference,
      mentions: mentions.mentions,
      alerts: mentions.alerts,
      staff: staff.staff,
      complaints: complaints.complaints,
      escalations: complaints.escalated,
      seconds: (performance.now() - started) / 1000,
    };
    await ctx.db
      .insertInto('audit_log')
      .values({
        at: ctx.clock.now(),
        actor: DEMO_ACTOR,
        action: DEMO_SEEDED,
        entity: 'demo',
        entity_id: null,
        details: JSON.stringify({
          customers: result.customers,
          products: result.products,
          orders: result.orders,
        }),
      })
      .execute();
    return result;
  } finally {
    bar.stop();
  }
}

/** What a demo seed wrote, in one line. */
export function describeSeed(result: Awaited<ReturnType<typeof runSeed>>): string {
  return (
    `${result.customers} customers, ${result.products} products, ${result.orders} orders, ` +
    `${result.staff} staff, ${result.complaints} complaints (${result.escalations} escalated), ` +
    `${result.mentions} social mentions (${result.alerts} open alerts) ` +
    `in ${result.seconds.toFixed(1)} s`
  );
}

/** One fresh token per role for the demo; the previous demo tokens are revoked. */
export async function createDemoTokens(ctx: AppContext): Promise<Record<string, string>> {
  await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock.now() })
    .where('created_by', '=', DEMO_ACTOR)
    .where('revoked_at', 'is', null)
    .execute();
  // The agent and supervisor tokens are demo people's, so what needs a person (acknowledging an
  // escalation assigned to them) works with them.
  const people = await ctx.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', [DEMO_AGENT_EMAIL, DEMO_SUPERVISOR_EMAIL])
    .where('disabled_at', 'is', null)
    .execute();
  const personOf = (email: string) => people.find((p) => p.email === email)?.id;
  const owners: Partial<Record<string, number | undefined>> = {
    agent: personOf(DEMO_AGENT_EMAIL),
    supervisor: personOf(DEMO_SUPERVISOR_EMAIL),
  };
  const tokens: Record<string, string> = {};
  for (const role of ROLES) {
    const userId = owners[role];
    const { token } = await createApiToken(ctx, {
      name: `demo ${role}`,
      role,
      createdBy: DEMO_ACTOR,
      ...(userId !== undefined ? { userId } : {}),
    });
    tokens[role] = token;
  }
  return tokens;
}
