import type { AppContext } from '@aftercare/runtime';
import { sql } from 'kysely';

const DAY = 86_400_000;
// Small enough that a delete never holds locks long or bloats one transaction; a large backlog
// (the first run after a long outage) goes in many short ones.
const CHUNK = 5_000;

/**
 * Deletes raw mentions (texts, author handles: personal data) older than MENTION_RETENTION_DAYS, in
 * short chunks, oldest first, and the authors not seen since; the map's cells and the mentions' keys stay, so counts and duplicate
 * detection outlive the texts. Stops between chunks when `signal` aborts.
 * @returns how many mentions were deleted.
 * @example await deleteOldMentions(ctx, { now: tick, signal });
 */
export async function deleteOldMentions(
  ctx: Pick<AppContext, 'db' | 'config'>,
  { now, signal }: { now: Date; signal?: AbortSignal },
): Promise<number> {
  const before = new Date(now.getTime() - ctx.config.watcher.mentionRetentionDays * DAY);
  let deleted = 0;
  for (;;) {
    if (signal?.aborted) return deleted;
    const result = await sql`
      delete from mentions where id in (
        select id from mentions where occurred_at < ${before} order by occurred_at limit ${CHUNK})`.execute(
      ctx.db,
    );
    const count = Number(result.numAffectedRows ?? 0);
    deleted += count;
    if (count < CHUNK) break;
  }
  // The handles of authors not seen since then go too (with where they were seen from).
  for (;;) {
    if (signal?.aborted) return deleted;
    const result = await sql`
      delete from mention_authors where (source, author) in (
        select source, author from mention_authors where seen_at < ${before} limit ${CHUNK})`.execute(ctx.db);
    if (Number(result.numAffectedRows ?? 0) < CHUNK) return deleted;
  }
}
