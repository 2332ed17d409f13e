import type { Product } from '@aftercare/db';
import { sql } from 'kysely';
import { findDuplicateKeys, keysetPage, rejectIfAny, type WriteContext, writeBatch } from './batch.js';
import type { BatchResult, ProductFilters, ProductInput } from './schemas.js';

/** Inserts new products and updates known ones (by SKU), all or nothing. */
export async function upsertProducts(
  write: WriteContext,
  records: readonly ProductInput[],
): Promise<BatchResult> {
  rejectIfAny(
    findDuplicateKeys(records, (r) => r.sku, 'sku'),
    'products',
  );
  const now = write.clock.now();
  const rows = JSON.stringify(
    records.map((r) => ({
      sku: r.sku,
      name: r.name,
      category: r.category,
      price: r.price.toFixed(2),
      warranty_months: r.warrantyMonths,
    })),
  );
  return writeBatch(write, 'product', records.length, async (trx) => {
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

export async function listProducts(write: Pick<WriteContext, 'db'>, filters: ProductFilters) {
  let query = write.db.selectFrom('products').selectAll();
  if (filters.category) query = query.where('category', '=', filters.category);
  return keysetPage(query, 'id', filters, toProductOutput);
}

export function toProductOutput(row: Product) {
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
