import { createRandom, createTablePicker } from '@aftercare/demo';
import { type OpenContext, openComplaints } from '../complaints/open-complaints.js';
import type { ComplaintInput } from '../complaints/schemas.js';
import { CATEGORY_SHARE, DEMO_TEXTS } from './complaint-texts.js';

const DAY = 86_400_000;
const BATCH = 250;
const CHANNELS = ['phone', 'chat', 'chat', 'email', 'social', 'marketplace', 'marketplace'] as const;

export interface DemoComplaintsResult {
  complaints: number;
  created: number;
  merged: number;
}

/**
 * Complaints over the last 90 days from the demo's buyers about what they bought, spread over the
 * categories as in practice; the older ones are breached, the recent ones running. Deterministic by
 * seed and idempotent (a re-run finds every externalRef and writes nothing). Sends nothing.
 * @example await seedDemoComplaints(ctx, { now: new Date(), count: 2000 });
 */
export async function seedDemoComplaints(
  ctx: OpenContext,
  options: { now: Date; count?: number; seed?: number; signal?: AbortSignal },
): Promise<DemoComplaintsResult> {
  const count = options.count ?? 2_000;
  const random = createRandom(options.seed ?? 42, 'complaints');
  const pickCategory = createTablePicker(CATEGORY_SHARE);
  // Spread over the shop's orders, so complaints name real buyers and products.
  const orders = await ctx.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['orders.external_ref as orderRef', 'customers.external_ref as customerRef'])
    .where('customers.erased_at', 'is', null)
    .orderBy('orders.id')
    .limit(count * 4)
    .execute();
  const result: DemoComplaintsResult = { complaints: 0, created: 0, merged: 0 };
  if (orders.length === 0) return result;
  const items: ComplaintInput[] = [];
  for (let n = 0; n < count; n++) {
    const order = random.pick(orders);
    const category = pickCategory(random);
    // Squared, so recent days have more complaints than old ones, as a live queue does.
    const openedAt = new Date(options.now.getTime() - Math.floor(random.next() ** 2 * 89 * DAY) - 60_000);
    items.push({
      externalRef: `DEMO-CMP-${String(n + 1).padStart(5, '0')}`,
      customerRef: order.customerRef,
      orderRef: order.orderRef,
      channel: random.pick(CHANNELS),
      category,
      text: random.pick(DEMO_TEXTS[category]),
      openedAt: openedAt.toISOString(),
    });
  }
  for (let start = 0; start < items.length; start += BATCH) {
    options.signal?.throwIfAborted();
    const outcomes = await openComplaints(ctx, { items: items.slice(start, start + BATCH), actor: 'demo' });
    for (const outcome of outcomes) {
      result.complaints++;
      if (outcome.status === 'created') result.created++;
      if (outcome.status === 'merged') result.merged++;
    }
    // The embedded database runs in this thread: let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}
