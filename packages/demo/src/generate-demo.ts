import type { CustomerInput, OrderInput, ProductInput } from '@aftercare/reference';
import { generateCustomers } from './generate-customers.js';
import { generateOrders } from './generate-orders.js';
import { generateProducts } from './generate-products.js';

export interface DemoSize {
  seed?: number;
  customers?: number;
  products?: number;
  orders?: number;
}

export interface DemoData {
  customers: CustomerInput[];
  products: ProductInput[];
  orders: OrderInput[];
}

export const DEFAULT_DEMO_SIZE = { seed: 42, customers: 20_000, products: 500, orders: 100_000 } as const;

/** The size with defaults filled in, or a RangeError naming what is not a count. */
export function demoCounts(size: DemoSize, now: Date): Required<DemoSize> {
  const counts = {
    seed: size.seed ?? DEFAULT_DEMO_SIZE.seed,
    customers: size.customers ?? DEFAULT_DEMO_SIZE.customers,
    products: size.products ?? DEFAULT_DEMO_SIZE.products,
    orders: size.orders ?? DEFAULT_DEMO_SIZE.orders,
  };
  if (!Number.isSafeInteger(counts.seed))
    throw new RangeError(`the seed must be a whole number, got ${counts.seed}`);
  for (const what of ['customers', 'products', 'orders'] as const) {
    const count = counts[what];
    if (!Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`${what} must be a whole number >= 0`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  return counts;
}

/**
 * The demo data set, in memory: identical for the same seed, size and `now`. (`seedDemo` streams
 * the same records instead of holding them.)
 * @example const { customers } = generateDemoData({ customers: 100, products: 10, orders: 500 }, now);
 */
export function generateDemoData(size: DemoSize, now: Date): DemoData {
  const { seed, ...counts } = demoCounts(size, now);
  const customers = generateCustomers({ seed, count: counts.customers });
  const products = generateProducts({ seed, count: counts.products });
  const orders = generateOrders({ seed, count: counts.orders, now, customers, products });
  return { customers, products, orders };
}
