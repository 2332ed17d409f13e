import type { Database } from '@aftercare/db';
import type { StoredEvent } from '@aftercare/events';
import { eventConsumerWorker } from '@aftercare/jobs';
import type { AppContext, Worker } from '@aftercare/runtime';
import type { Transaction } from 'kysely';
import { qualityRule } from '../riskmap/evaluate-cells.js';
import { checkQuality, recordComplaintSignal } from './quality.js';
import type { AlertWriteContext } from './write-alert.js';

/**
 * Formal complaints about a product (the scheduler's `complaint.opened@1`, read through the
 * durable cursor `watcher.complaints`) become quality signals, and a product with complaints from
 * enough distinct customers gets a quality alert, even when too few posts make a spike.
 */
export function complaintSignalsWorker(
  ctx: Pick<AppContext, 'db' | 'clock' | 'logger' | 'config' | 'events'>,
): Worker {
  return eventConsumerWorker(ctx, {
    consumer: 'watcher.complaints',
    types: ['complaint.opened@1'],
    handler: (events, trx) => takeComplaints(trx, ctx, events),
  });
}

/** The handler: idempotent (one signal per complaint), so a replayed batch changes nothing. */
export async function takeComplaints(
  trx: Transaction<Database>,
  ctx: AlertWriteContext & Pick<AppContext, 'config'>,
  events: StoredEvent<'complaint.opened@1'>[],
): Promise<void> {
  const skus = [...new Set(events.map((e) => e.payload.sku).filter((sku) => sku !== null))];
  if (skus.length === 0) return;
  const products = await trx
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'category'])
    .where('sku', 'in', skus)
    .execute();
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const touched = new Map<string, { product: (typeof products)[number]; region: string }>();
  for (const { payload } of events) {
    const product = payload.sku === null ? undefined : bySku.get(payload.sku);
    if (!product) continue; // a SKU the catalogue does not know: nothing to alert on
    const region = payload.region ?? '';
    const added = await recordComplaintSignal(trx, {
      complaintId: payload.complaintId,
      customerId: Number(payload.customerId.slice('cus_'.length)),
      productId: product.id,
      region,
      openedAt: new Date(payload.openedAt),
    });
    if (added) touched.set(`${product.id}\u0000${region}`, { product, region });
  }
  for (const cell of touched.values()) await checkQuality(trx, ctx, qualityRule(ctx), cell);
}
