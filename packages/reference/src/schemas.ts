import {
  email,
  externalRef,
  filterText,
  isoDateTime,
  listCursor,
  listLimit,
  locale,
  money,
  phone,
  plainText,
  timeZone,
} from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';

export const MAX_BATCH = 5000;

export const CUSTOMER_TIERS = ['regular', 'vip'] as const;
export const ORDER_STATUSES = [
  'placed',
  'shipped',
  'delivered',
  'returned',
  'exchanged',
  'cancelled',
  'refunded',
] as const;

const consents = z
  .strictObject({ sms: z.boolean(), email: z.boolean(), call: z.boolean() })
  .openapi({ description: 'Consent per channel; false means opted out' });

export const customerInput = z
  .strictObject({
    externalRef,
    name: plainText(200),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
    locale,
    timeZone,
    region: plainText(64),
    tier: z.enum(CUSTOMER_TIERS, { error: 'expected regular or vip' }),
    consents,
    consentSource: plainText(64)
      .optional()
      .openapi({ description: 'How consent was given, e.g. "checkout-form"' }),
  })
  .openapi('CustomerInput');

export const productInput = z
  .strictObject({
    sku: externalRef,
    name: plainText(200),
    category: plainText(64),
    price: money,
    warrantyMonths: z
      .number({ error: 'expected a number' })
      .int({ error: 'expected a whole number of months' })
      .min(0, { error: 'must not be negative' })
      .max(240, { error: 'must be at most 240 months' }),
  })
  .openapi('ProductInput');

export const orderInput = z
  .strictObject({
    externalRef,
    customerRef: externalRef,
    sku: externalRef,
    region: plainText(64),
    purchasedAt: isoDateTime,
    amount: money,
    status: z.enum(ORDER_STATUSES, { error: `expected one of ${ORDER_STATUSES.join(', ')}` }),
  })
  .openapi('OrderInput');

export type CustomerInput = z.output<typeof customerInput>;
export type ProductInput = z.output<typeof productInput>;
export type OrderInput = z.output<typeof orderInput>;

export function batchOf<T extends z.ZodType>(record: T, name: string) {
  return z
    .strictObject({
      items: z
        .array(record)
        .min(1, { error: 'a batch needs at least one record' })
        .max(MAX_BATCH, { error: `a batch holds at most ${MAX_BATCH} records` }),
    })
    .openapi(name);
}

export const batchResult = z
  .object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int().openapi({ description: 'records identical to what was stored (a retry)' }),
  })
  .openapi('BatchResult');
export type BatchResult = z.output<typeof batchResult>;

export const customerOutput = z
  .object({
    id: z.string().openapi({ example: 'cus_42' }),
    externalRef: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    locale: z.string(),
    timeZone: z.string(),
    region: z.string(),
    tier: z.enum(CUSTOMER_TIERS),
    consents: z.object({ sms: z.boolean(), email: z.boolean(), call: z.boolean() }),
    consentChangedAt: z.object({ sms: z.string(), email: z.string(), call: z.string() }),
    consentSources: z
      .object({ sms: z.string(), email: z.string(), call: z.string() })
      .openapi({ description: 'How each channel’s current consent was given' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    erasedAt: z
      .string()
      .nullable()
      .openapi({ description: 'when the personal data was erased on request; null while it is held' }),
  })
  .openapi('Customer');

export const productOutput = z
  .object({
    id: z.string().openapi({ example: 'prd_7' }),
    sku: z.string(),
    name: z.string(),
    category: z.string(),
    price: z.number(),
    warrantyMonths: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product');

export const orderOutput = z
  .object({
    id: z.string().openapi({ example: 'ord_1001' }),
    externalRef: z.string(),
    customerRef: z.string(),
    sku: z.string(),
    region: z.string(),
    purchasedAt: z.string(),
    amount: z.number(),
    status: z.enum(ORDER_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Order');

export type CustomerOutput = z.output<typeof customerOutput>;
export type ProductOutput = z.output<typeof productOutput>;
export type OrderOutput = z.output<typeof orderOutput>;

const limit = listLimit();
const cursor = listCursor;

// Descriptions land on each query parameter in /openapi.json. Unknown parameters are refused (400,
// naming the parameter), so a typo never silently widens a list.
export const customerFilters = z.strictObject({
  region: filterText(64)
    .optional()
    .openapi({ description: 'only customers of this region, exactly as stored (e.g. CN-Shanghai)' }),
  tier: z
    .enum(CUSTOMER_TIERS, { error: 'expected regular or vip' })
    .optional()
    .openapi({ description: 'only this value tier' }),
  limit,
  cursor,
});
export const productFilters = z.strictObject({
  category: filterText(64)
    .optional()
    .openapi({ description: 'only products of this category, exactly as stored' }),
  limit,
  cursor,
});
export const orderFilters = z.strictObject({
  customerRef: filterText(128)
    .optional()
    .openapi({ description: 'only orders of this customer (external ref)' }),
  sku: filterText(128).optional().openapi({ description: 'only orders of this product' }),
  region: filterText(64).optional().openapi({ description: 'only orders shipped to this region' }),
  status: z
    .enum(ORDER_STATUSES, { error: `expected one of ${ORDER_STATUSES.join(', ')}` })
    .optional()
    .openapi({ description: 'only orders in this status' }),
  purchasedFrom: isoDateTime.optional().openapi({ description: 'purchased at or after this time' }),
  purchasedTo: isoDateTime.optional().openapi({ description: 'purchased before this time (exclusive)' }),
  limit,
  cursor,
});
export type CustomerFilters = z.output<typeof customerFilters>;
export type ProductFilters = z.output<typeof productFilters>;
export type OrderFilters = z.output<typeof orderFilters>;
