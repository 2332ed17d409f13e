import type { DbContext } from '@aftercare/runtime';
import { sql } from 'kysely';

/**
 * Closes the callbacks whose window ended before anyone reached the customer (never claimed, or a
 * claim whose lease lapsed) as `unreachable`: they leave the queue instead of waiting there for
 * ever, and the KPIs count them as not reached. Idempotent; run by the scheduler's periodic job.
 * @returns how many were closed.
 */
export async function closeLapsedCallbacks(ctx: Pick<DbContext, 'db'>, now: Date): Promise<number> {
  const result = await sql`
    update callbacks set status = 'unreachable', completed_at = ${now}::timestamptz, lease_expires_at = null
    where window_end <= ${now}::timestamptz
      and (status = 'pending' or (status = 'claimed' and lease_expires_at <= ${now}::timestamptz))`.execute(
    ctx.db,
  );
  return Number(result.numAffectedRows ?? 0);
}
