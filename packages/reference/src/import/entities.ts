import type { DbContext } from '@aftercare/runtime';
import type { z } from '@hono/zod-openapi';
import { upsertCustomers } from '../customers.js';
import { upsertOrders } from '../orders.js';
import { upsertProducts } from '../products.js';
import {
  type BatchResult,
  type CustomerInput,
  customerInput,
  type OrderInput,
  orderInput,
  type ProductInput,
  productInput,
} from '../schemas.js';

export type ImportEntity = 'customers' | 'products' | 'orders';

export interface WriteOptions {
  defaultConsentSource: string;
}

/** Where an import writes in this process: the database, and who the audit log names. */
export interface ImportTarget {
  ctx: DbContext;
  actor: string;
}

/** What the importer needs to know about one kind of record. */
export interface EntitySpec<T> {
  schema: z.ZodType<T>;
  /** The field that identifies a record across re-imports; a file must not repeat it. */
  keyField: string;
  key(record: T): string;
  upsert(target: ImportTarget, records: readonly T[], options: WriteOptions): Promise<BatchResult>;
}

export const ENTITIES: {
  customers: EntitySpec<CustomerInput>;
  products: EntitySpec<ProductInput>;
  orders: EntitySpec<OrderInput>;
} = {
  customers: {
    schema: customerInput,
    keyField: 'externalRef',
    key: (record) => record.externalRef,
    upsert: ({ ctx, actor }, records, options) =>
      upsertCustomers(ctx, { records, actor, defaultConsentSource: options.defaultConsentSource }),
  },
  products: {
    schema: productInput,
    keyField: 'sku',
    key: (record) => record.sku,
    upsert: ({ ctx, actor }, records) => upsertProducts(ctx, { records, actor }),
  },
  orders: {
    schema: orderInput,
    keyField: 'externalRef',
    key: (record) => record.externalRef,
    upsert: ({ ctx, actor }, records) => upsertOrders(ctx, { records, actor }),
  },
};

export function isImportEntity(value: string): value is ImportEntity {
  return Object.hasOwn(ENTITIES, value);
}
