// A case's tasks (what no clock covers) are recorded and completed by the case events, in
// apply-event's set-based writes; this reads them for the API.
import type { Database } from '@aftercare/db';
import type { Kysely } from 'kysely';

/** A case's tasks as the API shows them, oldest first. */
export async function tasksOf(db: Kysely<Database>, complaintId: number) {
  const rows = await db
    .selectFrom('complaint_tasks')
    .select(['kind', 'due_at', 'done_at'])
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    status: row.done_at ? ('done' as const) : ('open' as const),
    doneAt: row.done_at?.toISOString() ?? null,
  }));
}
