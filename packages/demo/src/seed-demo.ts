import {
  type BatchResult,
  customerInput,
  MAX_BATCH,
  orderInput,
  productInput,
  upsertCustomers,
  upsertOrders,
  upsertProducts,
  type WriteContext,
} from '@aftercare/reference';
import { type DemoSize, generateDemoData } from './generate-demo.js';

export type SeedStage = 'customers' | 'products' | 'orders';

export interface SeedProgress {
  stage: SeedStage;
  done: number;
  total: number;
}

export interface SeedDemoOptions extends DemoSize {
  /** The end of the 12 months the orders are spread over. */
  now: Date;
  /** Called after every batch written. */
  onProgress?: (progress: SeedProgress) => void;
  /** Stops between batches; batches already written stay (each one is all or nothing). */
  signal?: AbortSignal;
}

export interface SeedDemoResult {
  customers: number;
  products: number;
  orders: number;
  /** Wall-clock time of generating, validating and writing. */
  seconds: number;
  /** What the upserts did: on a second run with the same options everything is unchanged. */
  written: Record<SeedStage, BatchResult>;
}

/** Where consent came from for demo customers whose record names no source. */
export const DEMO_CONSENT_SOURCE = 'demo-seed';

/**
 * Generates the demo data set (deterministic by seed), validates it against the API schemas and
 * upserts it in batches of MAX_BATCH. Running it again with the same options changes nothing.
 * @example await seedDemo({ db, clock, actor: 'cli:seed-demo' }, { now: new Date(), seed: 42 });
 */
export async function seedDemo(write: WriteContext, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  options.signal?.throwIfAborted();
  const data = generateDemoData(options, options.now);
  // Parse everything before the first write: a bad generator fails the seed without leaving half of it.
  const customers = data.customers.map((record) => customerInput.parse(record));
  const products = data.products.map((record) => productInput.parse(record));
  const orders = data.orders.map((record) => orderInput.parse(record));

  const stages = { onProgress: options.onProgress, signal: options.signal };
  const written = {
    customers: await writeInBatches('customers', customers, stages, (batch) =>
      upsertCustomers(write, batch, DEMO_CONSENT_SOURCE),
    ),
    products: await writeInBatches('products', products, stages, (batch) => upsertProducts(write, batch)),
    orders: await writeInBatches('orders', orders, stages, (batch) => upsertOrders(write, batch)),
  };
  return {
    customers: customers.length,
    products: products.length,
    orders: orders.length,
    seconds: (performance.now() - started) / 1000,
    written,
  };
}

async function writeInBatches<T>(
  stage: SeedStage,
  records: readonly T[],
  { onProgress, signal }: Pick<SeedDemoOptions, 'onProgress' | 'signal'>,
  upsert: (batch: readonly T[]) => Promise<BatchResult>,
): Promise<BatchResult> {
  const total: BatchResult = { inserted: 0, updated: 0, unchanged: 0 };
  for (let done = 0; done < records.length; ) {
    signal?.throwIfAborted();
    const batch = records.slice(done, done + MAX_BATCH);
    const result = await upsert(batch);
    total.inserted += result.inserted;
    total.updated += result.updated;
    total.unchanged += result.unchanged;
    done += batch.length;
    onProgress?.({ stage, done, total: records.length });
  }
  return total;
}
