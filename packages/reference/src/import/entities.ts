import type { z } from '@hono/zod-openapi';
import type { WriteContext } from '../batch.js';
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

/** What the importer needs to know about one kind of record. */
export interface EntitySpec<T> {
  schema: z.ZodType<T>;
  /** The field that identifies a record across re-imports; a file must not repeat it. */
  keyField: string;
  key(record: T): string;
  upsert(write: WriteContext, records: readonly T[], options: WriteOptions): Promise<BatchResult>;
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
    upsert: (write, records, options) => upsertCustomers(write, records, options.defaultConsentSource),
  },
  products: {
    schema: productInput,
    keyField: 'sku',
    key: (record) => record.sku,
    upsert: (write, records) => upsertProducts(write, records),
  },
  orders: {
    schema: orderInput,
    keyField: 'externalRef',
    key: (record) => record.externalRef,
    upsert: (write, records) => upsertOrders(write, records),
  },
};

export function isImportEntity(value: string): value is ImportEntity {
  return Object.hasOwn(ENTITIES, value);
}
