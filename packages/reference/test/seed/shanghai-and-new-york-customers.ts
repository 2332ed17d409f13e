import type { DbContext } from '@aftercare/runtime';
import { type CustomerInput, customerInput, upsertCustomers } from '../../src/index.js';

/** A regular Shanghai shopper who reads Chinese and takes SMS, e-mail and calls. */
export function shanghaiCustomer(externalRef: string, overrides: Record<string, unknown> = {}) {
  return {
    externalRef,
    name: `王芳 ${externalRef}`,
    phone: '+8613812345678',
    email: `${externalRef.toLowerCase()}@example.cn`,
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    region: 'CN-Shanghai',
    tier: 'regular',
    consents: { sms: true, email: true, call: true },
    ...overrides,
  };
}

/** A regular New York shopper who reads English and takes e-mail only. */
export function newYorkCustomer(externalRef: string, overrides: Record<string, unknown> = {}) {
  return {
    externalRef,
    name: `Anna Miller ${externalRef}`,
    phone: '+12125550142',
    email: `${externalRef.toLowerCase()}@example.com`,
    locale: 'en-US',
    timeZone: 'America/New_York',
    region: 'US-NewYork',
    tier: 'regular',
    consents: { sms: false, email: true, call: false },
    ...overrides,
  };
}

/** 16 Shanghai customers (SH-01..SH-16, the first two VIP) and 14 New York ones (NY-01..NY-14). */
export const SHANGHAI_REFS = Array.from({ length: 16 }, (_, i) => `SH-${String(i + 1).padStart(2, '0')}`);
export const NEW_YORK_REFS = Array.from({ length: 14 }, (_, i) => `NY-${String(i + 1).padStart(2, '0')}`);
export const SHANGHAI_VIPS = SHANGHAI_REFS.slice(0, 2);

export async function seedShanghaiAndNewYorkCustomers(ctx: DbContext): Promise<CustomerInput[]> {
  const records = [
    ...SHANGHAI_REFS.map((ref) =>
      shanghaiCustomer(ref, { tier: SHANGHAI_VIPS.includes(ref) ? 'vip' : 'regular' }),
    ),
    ...NEW_YORK_REFS.map((ref) => newYorkCustomer(ref)),
  ].map((record) => customerInput.parse(record));
  await upsertCustomers(ctx, { records, actor: 'test:seed' });
  return records;
}
