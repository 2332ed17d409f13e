import { upsertCustomers, upsertOrders, upsertProducts } from '@aftercare/reference';
import type { DbContext } from '@aftercare/runtime';

/**
 * A shop with two products and two customers, each with an order of the kettle: Wang Fang (VIP, in
 * Shanghai) and Li Lei (regular, in Beijing). Complaint tests start from here.
 */
export async function seedShopWithVipAndRegularBuyers(ctx: DbContext): Promise<void> {
  const actor = 'test:seed';
  await upsertCustomers(ctx, {
    actor,
    records: [
      customer('C-VIP', '王芳', 'vip', 'CN-Shanghai'),
      customer('C-REG', '李雷', 'regular', 'CN-Beijing'),
    ],
  });
  await upsertProducts(ctx, {
    actor,
    records: [
      {
        sku: 'KETTLE-1',
        name: 'Electric kettle',
        category: 'home-appliances',
        price: 199,
        warrantyMonths: 12,
      },
      { sku: 'MUG-1', name: 'Travel mug', category: 'kitchen', price: 49, warrantyMonths: 0 },
    ],
  });
  await upsertOrders(ctx, {
    actor,
    records: [
      order('O-VIP-KETTLE', 'C-VIP', 'KETTLE-1', 'CN-Shanghai'),
      order('O-REG-KETTLE', 'C-REG', 'KETTLE-1', 'CN-Beijing'),
    ],
  });
}

function customer(externalRef: string, name: string, tier: 'vip' | 'regular', region: string) {
  return {
    externalRef,
    name,
    phone: null,
    email: null,
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    region,
    tier,
    consents: { sms: true, email: true, call: true },
  };
}

function order(externalRef: string, customerRef: string, sku: string, region: string) {
  return {
    externalRef,
    customerRef,
    sku,
    region,
    purchasedAt: '2026-02-01T10:00:00+08:00',
    amount: 199,
    status: 'delivered' as const,
  };
}
