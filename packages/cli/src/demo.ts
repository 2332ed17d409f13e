import { createApiToken, ROLES } from '@aftercare/auth';
import { seedDemo } from '@aftercare/demo';
import type { AppContext } from '@aftercare/runtime';
import { progressBar } from './progress.js';

export const DEMO_ACTOR = 'demo';

/** Fills an empty database with the demo data set and says what it wrote; one with customers is left alone. */
export async function seedDemoIfEmpty(
  ctx: AppContext,
  options: { seed?: number; signal?: AbortSignal } = {},
) {
  const { count } = await ctx.db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(count) > 0) return undefined;
  return runSeed(ctx, options);
}

export async function runSeed(
  ctx: AppContext,
  options: { seed?: number; customers?: number; products?: number; orders?: number; signal?: AbortSignal },
) {
  const bar = progressBar('seeding demo data');
  try {
    return await seedDemo(ctx, {
      ...options,
      actor: DEMO_ACTOR,
      now: ctx.clock.now(),
      signal: options.signal ? AbortSignal.any([ctx.shutdown, options.signal]) : ctx.shutdown,
      onProgress: ({ stage, done, total }) => bar.update(done, total, stage),
    });
  } finally {
    bar.stop();
  }
}

/** One fresh token per role for the demo; the previous demo tokens are revoked. */
export async function createDemoTokens(ctx: AppContext): Promise<Record<string, string>> {
  await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock.now() })
    .where('created_by', '=', DEMO_ACTOR)
    .where('revoked_at', 'is', null)
    .execute();
  const tokens: Record<string, string> = {};
  for (const role of ROLES) {
    const { token } = await createApiToken(ctx, {
      name: `demo ${role}`,
      role,
      createdBy: DEMO_ACTOR,
    });
    tokens[role] = token;
  }
  return tokens;
}
