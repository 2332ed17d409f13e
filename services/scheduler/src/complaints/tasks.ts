import type { ComplaintTasksTable, Database } from '@aftercare/db';
import type { Kysely } from 'kysely';

type TaskKind = ComplaintTasksTable['kind'];

/** Records a task for a case (something no clock covers), due at `dueAt`. */
export async function recordTask(
  trx: Kysely<Database>,
  { complaintId, kind, dueAt, now }: { complaintId: number; kind: TaskKind; dueAt: Date; now: Date },
): Promise<void> {
  await trx
    .insertInto('complaint_tasks')
    .values({ complaint_id: complaintId, kind, due_at: dueAt, note: null, created_at: now, done_at: null })
    .execute();
}

/** Marks a case's open tasks done by the event that did them (a progress update tells the customer). */
export async function completeTasks(trx: Kysely<Database>, complaintId: number, at: Date): Promise<void> {
  await trx
    .updateTable('complaint_tasks')
    .set({ done_at: at })
    .where('complaint_id', '=', complaintId)
    .where('done_at', 'is', null)
    .execute();
}

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
