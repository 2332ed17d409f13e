import type { Complaint, ComplaintClock, Database } from '@aftercare/db';
import { type DbContext, NotFoundError } from '@aftercare/runtime';
import { keysetPage, type Page } from '@aftercare/schemas';
import type { Kysely } from 'kysely';
import { appendTo } from '../map-list.js';
import { userPublicId, userRowId } from '../staff/ids.js';
import { complaintId } from './ids.js';
import type { ComplaintFilters, ComplaintOutput } from './schemas.js';
import { tasksOf } from './tasks.js';

type ComplaintRow = Complaint & { customer_ref: string; order_ref: string | null; sku: string | null };

function selectComplaints(db: Kysely<Database>) {
  return db
    .selectFrom('complaints')
    .innerJoin('customers', 'customers.id', 'complaints.customer_id')
    .leftJoin('orders', 'orders.id', 'complaints.order_id')
    .leftJoin('products', 'products.id', 'complaints.product_id')
    .selectAll('complaints')
    .select([
      'customers.external_ref as customer_ref',
      'orders.external_ref as order_ref',
      'products.sku as sku',
    ]);
}

async function clocksOf(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, ComplaintClock[]>> {
  const byComplaint = new Map<number, ComplaintClock[]>();
  if (ids.length === 0) return byComplaint;
  const rows = await db
    .selectFrom('complaint_clocks')
    .selectAll()
    .where('complaint_id', 'in', ids)
    .orderBy('id')
    .execute();
  for (const row of rows) appendTo(byComplaint, row.complaint_id, row);
  return byComplaint;
}

function toOutput(row: ComplaintRow, clocks: readonly ComplaintClock[], merged: boolean): ComplaintOutput {
  return {
    id: complaintId(row.id),
    externalRef: row.external_ref,
    customerRef: row.customer_ref,
    orderRef: row.order_ref,
    sku: row.sku,
    channel: row.channel,
    category: row.category,
    categoryInferred: row.category_inferred,
    text: row.text,
    team: row.team,
    assignee: row.assignee_id === null ? null : userPublicId(row.assignee_id),
    level: row.level,
    levelReasons: row.level_reasons,
    status: row.status,
    merged,
    mergedCount: row.merged_count,
    openedAt: row.opened_at.toISOString(),
    clocks: clocks.map((clock) => ({
      kind: clock.kind,
      dueAt: clock.due_at.toISOString(),
      state: clock.state,
    })),
  };
}

/**
 * One complaint as the API shows it; `merged` says whether the request that led here was a
 * duplicate. Throws NotFoundError for an unknown id.
 */
export async function getComplaint(
  ctx: Pick<DbContext, 'db'>,
  { id, merged = false }: { id: number; merged?: boolean },
) {
  const complaint = (await getComplaints(ctx, [id])).get(id);
  if (!complaint) throw new NotFoundError(`no complaint ${complaintId(id)}`);
  return { ...complaint, merged };
}

/**
 * Many complaints as the API shows them, in two statements whatever their number (a batch's
 * answers), by id; `merged` is false, the caller knows which requests were duplicates.
 */
export async function getComplaints(ctx: Pick<DbContext, 'db'>, ids: readonly number[]) {
  const byId = new Map<number, ComplaintOutput>();
  if (ids.length === 0) return byId;
  const unique = [...new Set(ids)];
  const [rows, clocks] = await Promise.all([
    selectComplaints(ctx.db).where('complaints.id', 'in', unique).execute(),
    clocksOf(ctx.db, unique),
  ]);
  for (const row of rows) byId.set(row.id, toOutput(row, clocks.get(row.id) ?? [], false));
  return byId;
}

/** The complaint with its full history, oldest first. */
export async function getComplaintDetail(ctx: Pick<DbContext, 'db'>, id: number) {
  const complaint = await getComplaint(ctx, { id });
  const history = await ctx.db
    .selectFrom('complaint_history')
    .select(['at', 'type', 'actor', 'note', 'details'])
    .where('complaint_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    ...complaint,
    tasks: await tasksOf(ctx.db, id),
    history: history.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

/** A page of complaints, oldest first, filtered; `breached` means a clock ran out. */
export async function listComplaints(
  ctx: Pick<DbContext, 'db'>,
  filters: ComplaintFilters,
): Promise<Page<ComplaintOutput>> {
  let query = selectComplaints(ctx.db);
  if (filters.status) query = query.where('complaints.status', '=', filters.status);
  if (filters.level) query = query.where('complaints.level', '=', Number(filters.level) as 1 | 2 | 3);
  if (filters.category) query = query.where('complaints.category', '=', filters.category);
  if (filters.team) query = query.where('complaints.team', '=', filters.team);
  if (filters.assignee) query = query.where('complaints.assignee_id', '=', userRowId(filters.assignee));
  if (filters.customerRef) query = query.where('customers.external_ref', '=', filters.customerRef);
  if (filters.sku) query = query.where('products.sku', '=', filters.sku);
  if (filters.breached) {
    const breached = ctx.db
      .selectFrom('complaint_clocks')
      .select('complaint_id')
      .where('state', '=', 'breached');
    query =
      filters.breached === 'true'
        ? query.where('complaints.id', 'in', breached)
        : query.where('complaints.id', 'not in', breached);
  }
  const page = await keysetPage(
    query,
    { list: 'complaints', idColumn: 'complaints.id', limit: filters.limit, cursor: filters.cursor },
    (row) => row,
  );
  const clocks = await clocksOf(
    ctx.db,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((row) => toOutput(row, clocks.get(row.id) ?? [], false)),
    nextCursor: page.nextCursor,
  };
}
