/** Named scenarios for reference-data tests. */
export function customer(n: number, overrides: Record<string, unknown> = {}) {
  return {
    externalRef: `C${String(n).padStart(6, '0')}`,
    name: n % 2 ? `Customer ${n}` : `王芳${n}`,
    phone: `+86138${String(10_000_000 + n).slice(-8)}`,
    email: `customer${n}@example.com`,
    locale: n % 2 ? 'en' : 'zh-CN',
    timeZone: n % 2 ? 'America/New_York' : 'Asia/Shanghai',
    region: n % 2 ? 'US-East' : 'CN-Shanghai',
    tier: n % 10 === 0 ? 'vip' : 'regular',
    consents: { sms: true, email: true, call: n % 3 !== 0 },
    ...overrides,
  };
}

export function product(n: number, overrides: Record<string, unknown> = {}) {
  return {
    sku: `SKU-${String(n).padStart(5, '0')}`,
    name: `Kettle model ${n}`,
    category: 'home-appliances',
    price: 39.9 + n,
    warrantyMonths: 12,
    ...overrides,
  };
}

export function order(
  n: number,
  customerN: number,
  productN: number,
  overrides: Record<string, unknown> = {},
) {
  return {
    externalRef: `O${String(n).padStart(7, '0')}`,
    customerRef: `C${String(customerN).padStart(6, '0')}`,
    sku: `SKU-${String(productN).padStart(5, '0')}`,
    region: 'CN-Shanghai',
    purchasedAt: '2026-02-14T10:30:00+08:00',
    amount: 59.8,
    status: 'delivered',
    ...overrides,
  };
}
