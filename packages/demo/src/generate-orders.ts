import { type CustomerInput, ORDER_STATUSES, type OrderInput, type ProductInput } from '@aftercare/reference';
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

/** What an order needs of its customer. */
export type OrderCustomer = Pick<CustomerInput, 'externalRef' | 'tier' | 'timeZone' | 'region'>;

export interface GenerateOrdersOptions {
  seed: number;
  count: number;
  now: Date;
  customers: readonly OrderCustomer[];
  products: readonly Pick<ProductInput, 'sku' | 'price'>[];
}

/**
 * `count` orders over the 12 months before `now`, in time order. Popular products and VIPs take a
 * larger share; the purchase time carries the customer's local offset.
 * @example generateOrders({ seed: 42, count: 10, now, customers, products })
 */
export function generateOrders(options: GenerateOrdersOptions): OrderInput[] {
  const planner = createOrderPlanner(options);
  planner.draw(options.count);
  return planner.orders(0, options.count);
}

export interface OrderPlanner {
  /** Draws up to `count` more orders; answers how many are left to draw. */
  draw(count: number): number;
  /** Orders `from` to `to` (exclusive) in time order, once every order is drawn. */
  orders(from: number, to: number): OrderInput[];
}

/**
 * The orders of `generateOrders`, drawn a slice at a time and kept as numbers (about 30 bytes an
 * order instead of an object of strings), so a seeder can yield between slices and build each batch
 * only when it writes it. Same seed, same orders.
 * @example
 * const planner = createOrderPlanner({ seed: 42, count: 100_000, now, customers, products });
 * while (planner.draw(2_000) > 0) await yieldToEventLoop();
 * const firstBatch = planner.orders(0, 1_000);
 */
export function createOrderPlanner(options: GenerateOrdersOptions): OrderPlanner {
  const { customers, products, now, count } = options;
  if (count > 0 && (customers.length === 0 || products.length === 0)) {
    throw new RangeError('orders need at least one customer and one product');
  }
  const random = createRandom(options.seed, 'orders');
  // Buying activity is exponential across customers (most buy rarely, a few often, capped so no one
  // buys daily); VIPs buy three times as much.
  const activity = customers.map(
    (customer) => (customer.tier === 'vip' ? 3 : 1) * (0.2 + Math.min(-Math.log(1 - random.next()), 3)),
  );
  const customerIndexes = customers.map((_, index) => index);
  const pickCustomer = createWeightedPicker(customerIndexes, (index) => activity[index]!);
  // Popularity follows a long tail over a shuffled ranking, so best sellers are spread over categories.
  const ranks = shuffledIndexes(random, products.length);
  const productIndexes = products.map((_, index) => index);
  const pickProduct = createWeightedPicker(productIndexes, (index) => 1 / (ranks[index]! + 3) ** 0.9);

  const at = new Float64Array(count);
  const offset = new Int16Array(count);
  const customer = new Uint32Array(count);
  const product = new Uint32Array(count);
  const quantity = new Uint8Array(count);
  const status = new Uint8Array(count);
  let drawn = 0;
  let byTime: Uint32Array | undefined;

  return {
    draw(wanted) {
      const end = Math.min(count, drawn + wanted);
      for (; drawn < end; drawn++) {
        const c = pickCustomer(random);
        const p = pickProduct(random);
        const time = drawPurchaseTime(random, now, customers[c]!.timeZone);
        customer[drawn] = c;
        product[drawn] = p;
        at[drawn] = time.at.getTime();
        offset[drawn] = time.offset;
        quantity[drawn] = pickQuantity(random);
        status[drawn] = STATUSES.indexOf(drawStatus(random, (now.getTime() - time.at.getTime()) / DAY));
      }
      return count - drawn;
    },
    orders(from, to) {
      if (drawn < count) throw new Error(`only ${drawn} of ${count} orders are drawn`);
      // External refs follow purchase time, as a shop's order numbers do (ties keep draw order).
      byTime ??= new Uint32Array(count).map((_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
      const page: OrderInput[] = [];
      for (let rank = from; rank < Math.min(to, count); rank++) {
        const i = byTime[rank]!;
        const buyer = customers[customer[i]!]!;
        const item = products[product[i]!]!;
        page.push({
          externalRef: orderRef(rank),
          customerRef: buyer.externalRef,
          sku: item.sku,
          region: buyer.region,
          purchasedAt: formatLocal(new Date(at[i]!), offset[i]!),
          amount: Math.round(item.price * 100 * quantity[i]!) / 100,
          status: STATUSES[status[i]!]!,
        });
      }
      return page;
    },
  };
}

// Statuses travel as indexes into the API's own list until their batch is written.
const STATUSES: readonly Status[] = ORDER_STATUSES;

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
