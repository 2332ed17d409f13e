import type { Callback, Database } from '@aftercare/db';
import { ConflictError, type DbContext, NotFoundError } from '@aftercare/runtime';
import { type Kysely, sql } from 'kysely';
import { callbackId } from './ids.js';

/** How long a claim lasts without a renewal: an agent who vanishes gives the callback back. */
export const CALLBACK_LEASE_MS = 15 * 60_000;

/**
 * The customer's local hours in which a callback is offered, [from, to). One default for this slice;
 * per plan and per country later.
 */
export const CALLING_HOURS = { from: '09:00', to: '20:00' } as const;

/** The person or token working the queue: the person when the token belongs to one. */
export interface Agent {
  actor: string;
  userId?: number | undefined;
}

/** Whether `agent` is who holds (or last held) the row. */
export function isHolder(row: Pick<Callback, 'agent' | 'agent_user_id'>, agent: Agent): boolean {
  return row.agent_user_id !== null ? row.agent_user_id === agent.userId : row.agent === agent.actor;
}

function leaseFields(agent: Agent, now: Date) {
  return {
    status: 'claimed' as const,
    agent: agent.actor,
    agent_user_id: agent.userId ?? null,
    lease_expires_at: new Date(now.getTime() + CALLBACK_LEASE_MS),
  };
}

/**
 * Claims the most urgent callback that is due and fits the customer's calling hours, in one
 * statement (`FOR UPDATE SKIP LOCKED`: two agents never get the same one): level 1 first (no level
 * last), post-resolution kinds before others, VIP first, then the earliest due. A claim whose lease
 * ran out is taken back. Undefined when nothing is due.
 * @example const row = await claimNextCallback(ctx, { actor: 'token:5', userId: 7 });
 */
export async function claimNextCallback(ctx: DbContext, agent: Agent): Promise<Callback | undefined> {
  const now = ctx.clock.now();
  const lease = leaseFields(agent, now);
  const { rows } = await sql<Callback>`
    update callbacks set status = 'claimed', agent = ${lease.agent}, agent_user_id = ${lease.agent_user_id},
      lease_expires_at = ${lease.lease_expires_at}::timestamptz
    from (
      select cb.id from callbacks cb
      join customers cu on cu.id = cb.customer_id
      where cb.status in ('pending', 'claimed') and cb.window_end > ${now}::timestamptz
        and (
          (cb.status = 'pending' and (cb.next_attempt_at is null or cb.next_attempt_at <= ${now}::timestamptz))
          or (cb.status = 'claimed' and cb.lease_expires_at <= ${now}::timestamptz)
        )
        and (${now}::timestamptz at time zone cu.time_zone)::time >= ${CALLING_HOURS.from}::time
        and (${now}::timestamptz at time zone cu.time_zone)::time < ${CALLING_HOURS.to}::time
      order by coalesce(cb.level, 4), (cb.kind in ('confirmation', 'satisfaction')) desc, cb.vip desc,
        cb.due_at, cb.id
      limit 1
      for update of cb skip locked
    ) next
    where callbacks.id = next.id
    returning callbacks.*`.execute(ctx.db);
  return rows[0];
}

function takeLease(trx: Kysely<Database>, id: number, agent: Agent, now: Date): Promise<Callback> {
  return trx
    .updateTable('callbacks')
    .set(leaseFields(agent, now))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The row, locked for the caller's transaction; NotFoundError when there is none. */
export async function lockCallback(trx: Kysely<Database>, id: number): Promise<Callback> {
  const row = await trx
    .selectFrom('callbacks')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`no callback ${callbackId(id)}`);
  return row;
}

/** Throws ConflictError unless `agent` may work the row now (it holds it, or nobody holds it live). */
function assertClaimable(row: Callback, agent: Agent, now: Date): void {
  if (row.status !== 'pending' && row.status !== 'claimed') {
    throw new ConflictError(`callback ${callbackId(row.id)} is ${row.status}`);
  }
  const heldLive = row.status === 'claimed' && row.lease_expires_at !== null && row.lease_expires_at > now;
  if (heldLive && !isHolder(row, agent)) {
    throw new ConflictError(`callback ${callbackId(row.id)} is held by another agent`);
  }
}

/**
 * Claims one callback whatever its due time (picked from a list, or the customer calling in), under
 * the same lease rules: a finished one, or one another agent holds, is a 409. The holder claiming it
 * again renews the lease.
 */
export async function claimCallback(
  ctx: DbContext,
  { id, agent }: { id: number; agent: Agent },
): Promise<Callback> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    assertClaimable(await lockCallback(trx, id), agent, now);
    return takeLease(trx, id, agent, now);
  });
}

/**
 * Extends the holder's lease while the call goes on. Anyone else, or a callback not claimed (or
 * taken over by another agent since), is a 409.
 */
export async function renewCallback(
  ctx: DbContext,
  { id, agent }: { id: number; agent: Agent },
): Promise<Callback> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockCallback(trx, id);
    assertHeldBy(row, agent);
    return takeLease(trx, id, agent, now);
  });
}

/** Throws ConflictError unless `agent` holds the claim (a lapsed lease nobody took over still counts). */
export function assertHeldBy(row: Callback, agent: Agent): void {
  if (row.status !== 'claimed') {
    throw new ConflictError(`callback ${callbackId(row.id)} is ${row.status}, not claimed; claim it first`);
  }
  if (!isHolder(row, agent))
    throw new ConflictError(`callback ${callbackId(row.id)} is held by another agent`);
}
