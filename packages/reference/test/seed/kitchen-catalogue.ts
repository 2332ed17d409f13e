import type { DbContext } from '@aftercare/runtime';
import { productInput, upsertProducts } from '../../src/index.js';

/** An electric kettle with a year of warranty. */
export function kettle(sku: string, overrides: Record<string, unknown> = {}) {
  return { sku, name: `Kettle ${sku}`, category: 'kitchen', price: 39.9, warrantyMonths: 12, ...overrides };
}

/** Three kitchen products and one washer. */
export const KITCHEN_SKUS = ['KET-1', 'KET-2', 'RICE-1'];
export const WASHER_SKU = 'WASH-1';

export async function seedKitchenCatalogue(ctx: DbContext): Promise<void> {
  const records = [
    kettle('KET-1'),
    kettle('KET-2', { price: 59 }),
    kettle('RICE-1', { name: 'Rice cooker 3L', price: 299, warrantyMonths: 24 }),
    kettle(WASHER_SKU, { name: 'Washer, front-loading', category: 'appliance', price: 1899.5 }),
  ].map((record) => productInput.parse(record));
  await upsertProducts(ctx, { records, actor: 'test:seed' });
}
