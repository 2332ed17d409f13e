import type { Product } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { keysetPage, type Page } from '@aftercare/schemas';
import { sql } from 'kysely';
import { findDuplicateKeys, rejectIfAny, writeBatch } from './batch.js';
import type { BatchResult, ProductFilters, ProductInput, ProductOutput } from './schemas.js';

/**
 * Inserts new products and updates known ones (by SKU), all or nothing.
 * @example await upsertProducts(ctx, { records: [kettle], actor: 'token:12' })
 */
export async function upsertProducts(
  ctx: DbContext,
  { records, actor }: { records: readonly ProductInput[]; actor: string },
): Promise<BatchResult> {
  rejectIfAny(
    findDuplicateKeys(records, (r) => r.sku, 'sku'),
    'products',
  );
  const now = ctx.clock.now();
  const rows = JSON.stringify(
    records.map((r) => ({
      sku: r.sku,
      name: r.name,
      category: r.category,
      price: r.price.toFixed(2),
      warranty_months: r.warrantyMonths,
    })),
  );
  return writeBatch(ctx, { entity: 'product', actor, size: records.length }, async (trx) => {
    const { rows: written } = await sql<{ inserted: boolean }>`
      insert into products as p (sku, name, category, price, warranty_months, created_at, updated_at)
      select r.sku, r.name, r.category, r.price, r.warranty_months, ${now}::timestamptz, ${now}::timestamptz
      from json_to_recordset(${rows}::json) as r(sku text, name text, category text, price numeric,
        warranty_months integer)
      on conflict (sku) do update set
        name = excluded.name, category = excluded.category, price = excluded.price,
        warranty_months = excluded.warranty_months, updated_at = excluded.updated_at
      where (p.name, p.category, p.price, p.warranty_months)
        is distinct from (excluded.name, excluded.category, excluded.price, excluded.warranty_months)
      returning (xmax = 0) as inserted
    `.execute(trx);
    return written;
  });
}

/** A page of products in id order, filtered by category. */
export async function listProducts(
  ctx: Pick<DbContext, 'db'>,
  filters: ProductFilters,
): Promise<Page<ProductOutput>> {
  let query = ctx.db.selectFrom('products').selectAll();
  if (filters.category) query = query.where('category', '=', filters.category);
  return keysetPage(
    query,
    { list: 'products', idColumn: 'id', limit: filters.limit, cursor: filters.cursor },
    toProductOutput,
  );
}

export function toProductOutput(row: Product): ProductOutput {
  return {
    id: `prd_${row.id}`,
    sku: row.sku,
    name: row.name,
    category: row.category,
    price: Number(row.price),
    warrantyMonths: row.warranty_months,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
