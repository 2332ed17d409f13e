import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { keysetPage, type Page } from '@aftercare/schemas';
import { type Kysely, sql } from 'kysely';
import { findDuplicateKeys, rejectIfAny, writeBatch } from './batch.js';
import type { BatchResult, OrderFilters, OrderInput, OrderOutput } from './schemas.js';

/**
 * Inserts new orders and updates known ones (by externalRef), all or nothing. Every order must name
 * a customer and a product we already hold; unknown ones reject the batch with their indexes.
 * @example await upsertOrders(ctx, { records: [order], actor: 'token:12' })
 */
export async function upsertOrders(
  ctx: DbContext,
  { records, actor }: { records: readonly OrderInput[]; actor: string },
): Promise<BatchResult> {
  rejectIfAny(
    findDuplicateKeys(records, (r) => r.externalRef, 'externalRef'),
    'orders',
  );
  const now = ctx.clock.now();
  const rows = JSON.stringify(
    records.map((r, index) => ({
      idx: index,
      external_ref: r.externalRef,
      customer_ref: r.customerRef,
      sku: r.sku,
      region: r.region,
      purchased_at: r.purchasedAt,
      amount: r.amount.toFixed(2),
      status: r.status,
    })),
  );
  return writeBatch(ctx, { entity: 'order', actor, size: records.length }, async (trx) => {
    const { rows: unknownRefs } = await sql<{ idx: number; no_customer: boolean; no_product: boolean }>`
      select r.idx, c.id is null as no_customer, p.id is null as no_product
      from json_to_recordset(${rows}::json) as r(idx integer, customer_ref text, sku text)
      left join customers c on c.external_ref = r.customer_ref
      left join products p on p.sku = r.sku
      where c.id is null or p.id is null
      order by r.idx
    `.execute(trx);
    rejectIfAny(
      unknownRefs.flatMap((row) => [
        ...(row.no_customer
          ? [{ index: row.idx, field: 'customerRef', reason: 'no customer with this externalRef' }]
          : []),
        ...(row.no_product ? [{ index: row.idx, field: 'sku', reason: 'no product with this SKU' }] : []),
      ]),
      'orders',
    );
    const { rows: written } = await sql<{ inserted: boolean }>`
      insert into orders as o (external_ref, customer_id, product_id, region, purchased_at, amount, status,
        created_at, updated_at)
      select r.external_ref, c.id, p.id, r.region, r.purchased_at, r.amount, r.status,
        ${now}::timestamptz, ${now}::timestamptz
      from json_to_recordset(${rows}::json) as r(external_ref text, customer_ref text, sku text, region text,
        purchased_at timestamptz, amount numeric, status text)
      join customers c on c.external_ref = r.customer_ref
      join products p on p.sku = r.sku
      on conflict (external_ref) do update set
        customer_id = excluded.customer_id, product_id = excluded.product_id, region = excluded.region,
        purchased_at = excluded.purchased_at, amount = excluded.amount, status = excluded.status,
        updated_at = excluded.updated_at
      where (o.customer_id, o.product_id, o.region, o.purchased_at, o.amount, o.status)
        is distinct from (excluded.customer_id, excluded.product_id, excluded.region, excluded.purchased_at,
          excluded.amount, excluded.status)
      returning (xmax = 0) as inserted
    `.execute(trx);
    return written;
  });
}

/** A page of orders in id order, filtered by customer, SKU, region, status and purchase time. */
export async function listOrders(
  ctx: Pick<DbContext, 'db'>,
  filters: OrderFilters,
): Promise<Page<OrderOutput>> {
  let query = selectOrders(ctx.db);
  if (filters.customerRef) query = query.where('c.external_ref', '=', filters.customerRef);
  if (filters.sku) query = query.where('p.sku', '=', filters.sku);
  if (filters.region) query = query.where('o.region', '=', filters.region);
  if (filters.status) query = query.where('o.status', '=', filters.status);
  if (filters.purchasedFrom) query = query.where('o.purchased_at', '>=', new Date(filters.purchasedFrom));
  if (filters.purchasedTo) query = query.where('o.purchased_at', '<', new Date(filters.purchasedTo));
  const page = { list: 'orders', idColumn: 'o.id', limit: filters.limit, cursor: filters.cursor };
  return keysetPage(query, page, toOrderOutput);
}

/** Orders with their customer's external ref and their SKU: what every order answer shows. */
export function selectOrders(db: Kysely<Database>) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .innerJoin('products as p', 'p.id', 'o.product_id')
    .select([
      'o.id',
      'o.external_ref',
      'c.external_ref as customer_ref',
      'p.sku',
      'o.region',
      'o.purchased_at',
      'o.amount',
      'o.status',
      'o.created_at',
      'o.updated_at',
    ]);
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>;

export function toOrderOutput(row: OrderRow): OrderOutput {
  return {
    id: `ord_${row.id}`,
    externalRef: row.external_ref,
    customerRef: row.customer_ref,
    sku: row.sku,
    region: row.region,
    purchasedAt: row.purchased_at.toISOString(),
    amount: Number(row.amount),
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
