import type { Escalation, EscalationStatus } from '@aftercare/db';
import type { EventWriter } from '@aftercare/events';
import { ConflictError, type DbContext, ForbiddenError, NotFoundError } from '@aftercare/runtime';
import { keysetPage, listCursor, listLimit, type Page } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { complaintId, complaintRowId } from '../complaints/ids.js';
import { userPublicId, userRef, userRowId } from '../staff/ids.js';
import { escalationPublicId } from './escalate.js';

export const ESCALATION_STATUSES = [
  'open',
  'acknowledged',
  'resolved',
] as const satisfies readonly EscalationStatus[];

export const escalationOutput = z
  .object({
    id: z.string().openapi({ example: 'esc_12' }),
    complaintId: z.string(),
    clock: z.string(),
    step: z.number().int(),
    position: z.string(),
    assignee: z.string().nullable(),
    status: z.enum(ESCALATION_STATUSES),
    createdAt: z.string(),
    remindAt: z.string(),
    deferred: z.boolean().openapi({ description: 'the reminder waits for the assignee’s next shift' }),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Escalation');
export type EscalationOutput = z.output<typeof escalationOutput>;

export const escalationFilters = z.strictObject({
  complaintId: z
    .string()
    .regex(/^cmp_\d{1,15}$/, { error: 'expected a complaint id like cmp_42' })
    .optional(),
  assignee: userRef.optional(),
  status: z
    .enum(ESCALATION_STATUSES, { error: `expected one of ${ESCALATION_STATUSES.join(', ')}` })
    .optional(),
  limit: listLimit(),
  cursor: listCursor,
});
export type EscalationFilters = z.output<typeof escalationFilters>;

type Row = Escalation & { clock: string };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toOutput(row: Row): EscalationOutput {
  return {
    id: escalationPublicId(row.id),
    complaintId: complaintId(row.complaint_id),
    clock: row.clock,
    step: row.step,
    position: row.position,
    assignee: row.assignee_id === null ? null : userPublicId(row.assignee_id),
    status: row.status,
    createdAt: row.created_at.toISOString(),
    remindAt: row.remind_at.toISOString(),
    deferred: row.deferred,
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: iso(row.resolved_at),
  };
}

function selectEscalations(db: DbContext['db']) {
  return db
    .selectFrom('escalations')
    .innerJoin('complaint_clocks', 'complaint_clocks.id', 'escalations.clock_id')
    .selectAll('escalations')
    .select('complaint_clocks.kind as clock');
}

/** A page of escalations, newest first, by case, assignee and status. */
export async function listEscalations(
  ctx: Pick<DbContext, 'db'>,
  filters: EscalationFilters,
): Promise<Page<EscalationOutput>> {
  let query = selectEscalations(ctx.db);
  if (filters.complaintId)
    query = query.where('escalations.complaint_id', '=', complaintRowId(filters.complaintId));
  if (filters.assignee) query = query.where('escalations.assignee_id', '=', userRowId(filters.assignee));
  if (filters.status) query = query.where('escalations.status', '=', filters.status);
  return keysetPage(
    query,
    {
      list: 'escalations',
      idColumn: 'escalations.id',
      limit: filters.limit,
      cursor: filters.cursor,
      order: 'desc',
    },
    toOutput,
  );
}

/**
 * The assignee (or a supervisor) takes an open escalation on: recorded on it, in the case's history
 * and as `complaint.escalation_acknowledged@1`, so its reminders stop. Anything but an open one is a 409.
 * @example await acknowledgeEscalation(ctx, { id: 12, caller: { actor: 'token:5', role: 'agent', userId: 7 } });
 */
export async function acknowledgeEscalation(
  ctx: DbContext & { events: EventWriter },
  { id, caller }: { id: number; caller: { actor: string; role: string; userId?: number | undefined } },
): Promise<EscalationOutput> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('escalations')
      .select(['id', 'complaint_id', 'assignee_id', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`no escalation ${escalationPublicId(id)}`);
    const manager = caller.role === 'supervisor' || caller.role === 'admin';
    if (!manager && (caller.userId === undefined || caller.userId !== row.assignee_id)) {
      throw new ForbiddenError('only the assignee or a supervisor acknowledges an escalation');
    }
    if (row.status !== 'open') throw new ConflictError(`the escalation is ${row.status}, not open`);
    await trx
      .updateTable('escalations')
      .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: caller.actor })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('complaint_history')
      .values({
        complaint_id: row.complaint_id,
        at: now,
        type: 'escalation_acknowledged',
        actor: caller.actor,
        note: null,
        details: JSON.stringify({ escalationId: escalationPublicId(id) }),
      })
      .execute();
    const publicComplaint = complaintId(row.complaint_id);
    await ctx.events.append(trx, {
      type: 'complaint.escalation_acknowledged@1',
      aggregateType: 'complaint',
      aggregateId: publicComplaint,
      payload: {
        escalationId: escalationPublicId(id),
        complaintId: publicComplaint,
        by: caller.actor,
        at: now.toISOString(),
      },
    });
  });
  const saved = await selectEscalations(ctx.db).where('escalations.id', '=', id).executeTakeFirstOrThrow();
  return toOutput(saved);
}
