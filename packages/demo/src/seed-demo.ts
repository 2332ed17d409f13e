import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type BatchResult,
  customerInput,
  MAX_BATCH,
  orderInput,
  productInput,
  upsertCustomers,
  upsertOrders,
  upsertProducts,
} from '@aftercare/reference';
import type { DbContext } from '@aftercare/runtime';
import { streamCustomers } from './generate-customers.js';
import { type DemoSize, demoCounts } from './generate-demo.js';
import { createOrderPlanner, type OrderCustomer } from './generate-orders.js';
import { generateProducts } from './generate-products.js';

export type SeedStage = 'customers' | 'products' | 'orders';

export interface SeedProgress {
  stage: SeedStage;
  done: number;
  total: number;
}

export interface SeedDemoOptions extends DemoSize {
  /** Who the audit log names for every batch. */
  actor: string;
  /** The end of the 12 months the orders are spread over. */
  now: Date;
  /** Records per upsert statement (default SEED_BATCH). */
  batchSize?: number;
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
 * Records per statement. On embedded PGlite the database runs on the server's own thread, so one
 * batch's transaction is time no request is answered: 500 orders take about 70 ms there, 1,000
 * about 130 ms and 5,000 about 560 ms. 500 keeps the longest wait under ~200 ms on a busy machine
 * and costs a few seconds over the whole demo.
 */
export const SEED_BATCH = 500;
// Orders drawn between two yields: about 30 ms of work.
const DRAW_SLICE = 2_000;

/**
 * Generates the demo data set (deterministic by seed) and upserts it a batch at a time, each batch
 * validated against the API schemas just before it is written, yielding to the event loop between
 * batches so a server seeding on its first start keeps answering. Records are generated as they are
 * written (orders are kept as numbers until then), never all at once. Running it again with the same
 * options changes nothing.
 * @example await seedDemo(ctx, { actor: 'cli:seed-demo', now: new Date(), seed: 42 });
 */
export async function seedDemo(ctx: DbContext, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const { seed, ...counts } = demoCounts(options, options.now);
  const batchSize = options.batchSize ?? SEED_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new RangeError(`batchSize must be 1 to ${MAX_BATCH}`);
  }
  const { actor, signal, onProgress } = options;
  const step = async (stage: SeedStage, done: number, total: number) => {
    onProgress?.({ stage, done, total });
    await yieldToEventLoop();
    signal?.throwIfAborted();
  };
  signal?.throwIfAborted();
  const written = {
    customers: emptyResult(),
    products: emptyResult(),
    orders: emptyResult(),
  };

  // What orders need of each customer: a few short strings, not the whole record.
  const buyers: OrderCustomer[] = [];
  let batch = [];
  let done = 0;
  for (const record of streamCustomers({ seed, count: counts.customers })) {
    batch.push(record);
    if (batch.length < batchSize && done + batch.length < counts.customers) continue;
    const records = batch.map((r) => customerInput.parse(r));
    await yieldToEventLoop(); // checking phone numbers costs about 70 µs each
    add(
      written.customers,
      await upsertCustomers(ctx, { records, actor, defaultConsentSource: DEMO_CONSENT_SOURCE }),
    );
    for (const { externalRef, tier, timeZone, region } of records)
      buyers.push({ externalRef, tier, timeZone, region });
    done += batch.length;
    batch = [];
    await step('customers', done, counts.customers);
  }

  const products = generateProducts({ seed, count: counts.products });
  for (let from = 0; from < products.length; from += batchSize) {
    const records = products.slice(from, from + batchSize).map((r) => productInput.parse(r));
    add(written.products, await upsertProducts(ctx, { records, actor }));
    await step('products', from + records.length, products.length);
  }

  const planner = createOrderPlanner({
    seed,
    count: counts.orders,
    now: options.now,
    customers: buyers,
    products,
  });
  while (planner.draw(DRAW_SLICE) > 0) {
    await yieldToEventLoop();
    signal?.throwIfAborted();
  }
  for (let from = 0; from < counts.orders; from += batchSize) {
    const records = planner.orders(from, from + batchSize).map((r) => orderInput.parse(r));
    await yieldToEventLoop();
    add(written.orders, await upsertOrders(ctx, { records, actor }));
    await step('orders', from + records.length, counts.orders);
  }
  return { ...counts, seconds: (performance.now() - started) / 1000, written };
}

function emptyResult(): BatchResult {
  return { inserted: 0, updated: 0, unchanged: 0 };
}

function add(total: BatchResult, result: BatchResult): void {
  total.inserted += result.inserted;
  total.updated += result.updated;
  total.unchanged += result.unchanged;
}
