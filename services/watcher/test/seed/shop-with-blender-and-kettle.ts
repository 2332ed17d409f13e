import { upsertCustomers, upsertOrders, upsertProducts } from '@aftercare/reference';
import type { DbContext } from '@aftercare/runtime';

/**
 * Two products (the PowerMix blender and a kettle, both home appliances) and one buyer in Guangdong
 * with an order of the blender. Mention tests start from here.
 */
export async function seedShopWithBlenderAndKettle(ctx: DbContext): Promise<void> {
  const actor = 'test:seed';
  await upsertProducts(ctx, {
    actor,
    records: [
      {
        sku: 'BLENDER-1',
        name: 'PowerMix Blender',
        category: 'home-appliances',
        price: 399,
        warrantyMonths: 12,
      },
      {
        sku: 'KETTLE-1',
        name: 'Electric kettle',
        category: 'home-appliances',
        price: 199,
        warrantyMonths: 12,
      },
    ],
  });
  await upsertCustomers(ctx, {
    actor,
    records: [
      {
        externalRef: 'C-GD',
        name: '陈静',
        phone: null,
        email: null,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        region: 'Guangdong',
        tier: 'regular',
        consents: { sms: true, email: true, call: true },
      },
    ],
  });
  await upsertOrders(ctx, {
    actor,
    records: [
      {
        externalRef: 'O-GD-BLENDER',
        customerRef: 'C-GD',
        sku: 'BLENDER-1',
        region: 'Guangdong',
        purchasedAt: '2026-02-01T10:00:00+08:00',
        amount: 399,
        status: 'delivered',
      },
    ],
  });
}
