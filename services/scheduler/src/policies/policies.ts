import { type ComplaintCategory, type SlaTargets, writeAudit } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { z } from '@hono/zod-openapi';
import { CATEGORIES } from '../complaints/schemas.js';

const minutes = (max: number) =>
  z
    .number({ error: 'expected a number of minutes' })
    .int({ error: 'expected whole minutes' })
    .min(1, { error: 'must be at least 1 minute' })
    .max(max, { error: `must be at most ${max} minutes` });
const MONTH = 43_200;

export const slaTargets = z
  .strictObject({
    firstContact: minutes(MONTH),
    solution: minutes(MONTH),
    solutionComplex: minutes(MONTH),
    progressUpdate: minutes(MONTH),
    confirmation: minutes(MONTH),
    satisfactionCallback: minutes(MONTH),
    internalReply: minutes(MONTH),
    warningBefore: minutes(1_440),
  })
  .refine((t) => t.solutionComplex >= t.solution, {
    path: ['solutionComplex'],
    error: 'a complex case gets at least the normal solution time',
  })
  .openapi('SlaTargets');

export const policyInput = z
  .strictObject({
    level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected 1, 2 or 3' }),
    category: z.enum([...CATEGORIES, '*'], { error: `expected one of ${CATEGORIES.join(', ')} or *` }),
    targets: slaTargets,
    calendar: z
      .enum(['always', 'team'], {
        error: 'expected always (calendar time, 24/7) or team (its business hours)',
      })
      .default('always')
      .openapi({ description: "`team` counts the complaint's team's business hours; `always` counts 24/7" }),
  })
  .openapi('SlaPolicyInput');
export type PolicyInput = z.output<typeof policyInput>;

export const policyOutput = z
  .object({
    id: z
      .string()
      .openapi({ example: 'slp_3', description: 'the version; complaints keep the one they started with' }),
    level: z.number().int(),
    category: z.string(),
    targets: slaTargets,
    calendar: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('SlaPolicy');

const toTargets = (t: z.output<typeof slaTargets>): SlaTargets => ({
  first_contact: t.firstContact,
  solution: t.solution,
  solution_complex: t.solutionComplex,
  progress_update: t.progressUpdate,
  confirmation: t.confirmation,
  satisfaction_callback: t.satisfactionCallback,
  internal_reply: t.internalReply,
  warning_before: t.warningBefore,
});

const fromTargets = (t: SlaTargets): z.output<typeof slaTargets> => ({
  firstContact: t.first_contact,
  solution: t.solution,
  solutionComplex: t.solution_complex,
  progressUpdate: t.progress_update,
  confirmation: t.confirmation,
  satisfactionCallback: t.satisfaction_callback,
  internalReply: t.internal_reply,
  warningBefore: t.warning_before,
});

/** The policies in force, one per level and category (`*` for a level's catch-all). */
export async function listPolicies(ctx: Pick<DbContext, 'db'>) {
  const rows = await ctx.db
    .selectFrom('sla_policies')
    .selectAll()
    .where('superseded_at', 'is', null)
    .orderBy('level')
    .orderBy('category')
    .execute();
  return rows.map((row) => ({
    id: `slp_${row.id}`,
    level: row.level,
    category: row.category,
    targets: fromTargets(row.targets),
    calendar: row.calendar,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  }));
}

/**
 * Puts new versions of policies in force, in one transaction with an audit entry: the current
 * version of each (level, category) is superseded, never changed, so running complaints keep the
 * targets they started with (zammad#4353 recomputes them; we do not).
 * @example await putPolicies(ctx, { items: [{ level: 2, category: 'logistics', targets, calendar: 'always' }], actor: 'token:2' });
 */
export async function putPolicies(
  ctx: DbContext,
  { items, actor }: { items: readonly PolicyInput[]; actor: string },
) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const item of items) {
      await trx
        .updateTable('sla_policies')
        .set({ superseded_at: now })
        .where('level', '=', item.level)
        .where('category', '=', item.category)
        .where('superseded_at', 'is', null)
        .execute();
      await trx
        .insertInto('sla_policies')
        .values({
          level: item.level,
          category: item.category,
          targets: JSON.stringify(toTargets(item.targets)),
          calendar: item.calendar,
          created_at: now,
          created_by: actor,
        })
        .execute();
    }
    await writeAudit(trx, {
      at: now,
      actor,
      action: 'sla-policy.put',
      entity: 'sla_policy',
      entityId: null,
      details: { items },
    });
  });
  return listPolicies(ctx);
}

/** Of the policies in force, the one for a level and category: the category's own, else the level's `*`. */
export function pickPolicy<P extends { level: number; category: string }>(
  policies: readonly P[],
  level: 1 | 2 | 3,
  category: ComplaintCategory,
): P {
  const ofLevel = policies.filter((p) => p.level === level);
  const policy = ofLevel.find((p) => p.category === category) ?? ofLevel.find((p) => p.category === '*');
  if (!policy) throw new Error(`no SLA policy for level ${level}; the migration installs defaults`);
  return policy;
}

/** The policy in force for a level and category (see `pickPolicy`). */
export async function currentPolicyFor(
  ctx: Pick<DbContext, 'db'>,
  { level, category }: { level: 1 | 2 | 3; category: ComplaintCategory },
): Promise<{ id: number; targets: SlaTargets; calendar: 'always' | 'team' }> {
  const rows = await ctx.db
    .selectFrom('sla_policies')
    .select(['id', 'level', 'category', 'targets', 'calendar'])
    .where('level', '=', level)
    .where('category', 'in', [category, '*'])
    .where('superseded_at', 'is', null)
    .execute();
  return pickPolicy(rows, level, category);
}
