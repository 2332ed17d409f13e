import type { DbContext } from '@aftercare/runtime';
import { customerInput, orderInput, upsertCustomers, upsertOrders } from '../../src/index.js';
import { seedKitchenCatalogue } from './kitchen-catalogue.js';
import { newYorkCustomer, shanghaiCustomer } from './shanghai-and-new-york-customers.js';

export const VIP_REF = 'VIP-1';
export const OTHER_REF = 'NY-OTHER';

/** A Shanghai order of `sku`, delivered, bought on Valentine's day (local time). */
export function shanghaiOrder(externalRef: string, customerRef: string, sku: string, overrides = {}) {
  return {
    externalRef,
    customerRef,
    sku,
    region: 'CN-Shanghai',
    purchasedAt: '2026-02-14T10:30:00+08:00',
    amount: 59.8,
    status: 'delivered',
    ...overrides,
  };
}

/**
 * A Shanghai VIP (VIP-1) who bought two kettles and a rice cooker (one kettle returned), and a New
 * York customer (NY-OTHER) with one order of their own, over the kitchen catalogue.
 */
export async function seedVipWithThreeOrders(ctx: DbContext): Promise<void> {
  await seedKitchenCatalogue(ctx);
  const customers = [
    shanghaiCustomer(VIP_REF, { name: '王芳', tier: 'vip' }),
    newYorkCustomer(OTHER_REF),
  ].map((record) => customerInput.parse(record));
  await upsertCustomers(ctx, { records: customers, actor: 'test:seed' });
  const orders = [
    shanghaiOrder('O-1', VIP_REF, 'KET-1'),
    shanghaiOrder('O-2', VIP_REF, 'KET-2', { purchasedAt: '2026-02-20T21:00:00+08:00', status: 'returned' }),
    shanghaiOrder('O-3', VIP_REF, 'RICE-1', { purchasedAt: '2026-02-25T12:00:00+08:00', amount: 299 }),
    shanghaiOrder('O-4', OTHER_REF, 'KET-1', {
      region: 'US-NewYork',
      purchasedAt: '2026-02-15T19:00:00-05:00',
    }),
  ].map((record) => orderInput.parse(record));
  await upsertOrders(ctx, { records: orders, actor: 'test:seed' });
}
