import type { CustomerInput, OrderInput, ProductInput } from '@aftercare/reference';
import { formatLocal, offsetMinutes } from './local-time.js';
import { createRandom, createTablePicker, createWeightedPicker, type Random } from './random.js';

type Status = OrderInput['status'];

const DAY = 86_400_000;
const YEAR = 365 * DAY;

// Orders by local hour of day, relative: quiet at night, peaks at lunch and after 8 pm.
const HOURLY = [2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 10, 8, 7, 7, 7, 8, 8, 9, 11, 12, 10, 5];
const HOURLY_MAX = Math.max(...HOURLY);

// An order's status depends on its age: last week's orders are still on their way, old ones are
// mostly delivered, and a few were sent back, exchanged, refunded or cancelled.
const pickFreshStatus = createTablePicker<Status>([
  ['placed', 55],
  ['shipped', 38],
  ['cancelled', 7],
]);
const pickRecentStatus = createTablePicker<Status>([
  ['placed', 8],
  ['shipped', 60],
  ['delivered', 27],
  ['cancelled', 5],
]);
const pickSettlingStatus = createTablePicker<Status>([
  ['shipped', 10],
  ['delivered', 78],
  ['returned', 3],
  ['exchanged', 2],
  ['refunded', 2],
  ['cancelled', 5],
]);
const pickSettledStatus = createTablePicker<Status>([
  ['delivered', 86],
  ['returned', 3.5],
  ['exchanged', 2],
  ['refunded', 3],
  ['cancelled', 5.5],
]);
const pickQuantity = createTablePicker([
  [1, 75],
  [2, 18],
  [3, 7],
] as const);

export function orderRef(index: number): string {
  return `O${String(index + 1).padStart(7, '0')}`;
}

export interface GenerateOrdersOptions {
  seed: number;
  count: number;
  now: Date;
  customers: readonly CustomerInput[];
  products: readonly ProductInput[];
}

/**
 * `count` orders over the 12 months before `now`, in time order. Popular products and VIPs take a
 * larger share; the purchase time carries the customer's local offset.
 * @example generateOrders({ seed: 42, count: 10, now, customers, products })
 */
export function generateOrders(options: GenerateOrdersOptions): OrderInput[] {
  const { customers, products, now } = options;
  if (options.count > 0 && (customers.length === 0 || products.length === 0)) {
    throw new RangeError('orders need at least one customer and one product');
  }
  const random = createRandom(options.seed, 'orders');
  // Buying activity is exponential across customers (most buy rarely, a few often, capped so no one
  // buys daily); VIPs buy three times as much.
  const activity = customers.map(
    (customer) => (customer.tier === 'vip' ? 3 : 1) * (0.2 + Math.min(-Math.log(1 - random.next()), 3)),
  );
  const pickCustomer = createWeightedPicker(customers, (_, index) => activity[index]!);
  // Popularity follows a long tail over a shuffled ranking, so best sellers are spread over categories.
  const ranks = shuffledIndexes(random, products.length);
  const pickProduct = createWeightedPicker(products, (_, index) => 1 / (ranks[index]! + 3) ** 0.9);

  const drafts = Array.from({ length: options.count }, () => {
    const customer = pickCustomer(random);
    const product = pickProduct(random);
    const { at, offset } = drawPurchaseTime(random, now, customer.timeZone);
    const quantity = pickQuantity(random);
    return {
      at: at.getTime(),
      customerRef: customer.externalRef,
      sku: product.sku,
      region: customer.region,
      purchasedAt: formatLocal(at, offset),
      amount: Math.round(product.price * 100 * quantity) / 100,
      status: drawStatus(random, (now.getTime() - at.getTime()) / DAY),
    };
  });
  // External refs follow purchase time, as a shop's order numbers do.
  drafts.sort((a, b) => a.at - b.at);
  return drafts.map(({ at: _, ...order }, index) => ({ externalRef: orderRef(index), ...order }));
}

/** A time in the last 12 months, busier recently (the shop grows) and at the local shopping hours. */
function drawPurchaseTime(random: Random, now: Date, timeZone: string): { at: Date; offset: number } {
  for (;;) {
    // Whole seconds, strictly inside (now - 365 days, now), so the text and the stored instant agree.
    const age = 1_000 + (YEAR - 2_000) * random.next() ** 1.2;
    const at = new Date(Math.floor((now.getTime() - age) / 1000) * 1000);
    const offset = offsetMinutes(at, timeZone);
    const localHour = new Date(at.getTime() + offset * 60_000).getUTCHours();
    if (random.next() * HOURLY_MAX < HOURLY[localHour]!) return { at, offset };
  }
}

function drawStatus(random: Random, ageDays: number): Status {
  if (ageDays < 1) return pickFreshStatus(random);
  if (ageDays < 5) return pickRecentStatus(random);
  if (ageDays < 15) return pickSettlingStatus(random);
  return pickSettledStatus(random);
}

function shuffledIndexes(random: Random, length: number): number[] {
  const indexes = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes;
}
