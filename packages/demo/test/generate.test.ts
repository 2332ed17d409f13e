import { customerInput, orderInput, productInput } from '@aftercare/reference';
import { isTimeZone } from '@aftercare/schemas';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { generateCustomers, generateDemoData, REGIONS } from '../src/index.js';
import { offsetMinutes } from '../src/local-time.js';

const now = new Date('2026-03-01T09:00:00Z');
const YEAR = 365 * 86_400_000;
const size = { seed: 42, customers: 2_000, products: 100, orders: 5_000 };
const data = generateDemoData(size, now);

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length;
}

describe('demo data generation', () => {
  it('is the same for the same seed and different for another seed', () => {
    expect(generateDemoData(size, now)).toEqual(data);
    const other = generateDemoData({ ...size, seed: 43 }, now);
    expect(other.customers.map((c) => c.name)).not.toEqual(data.customers.map((c) => c.name));
    expect(other.orders).not.toEqual(data.orders);
  });

  it('gives a prefix of the larger set for fewer customers', () => {
    expect(generateCustomers({ seed: 42, count: 500 })).toEqual(data.customers.slice(0, 500));
  });

  it('produces records the API schemas accept unchanged', () => {
    for (const [schema, records] of [
      [customerInput, data.customers],
      [productInput, data.products],
      [orderInput, data.orders],
    ] as const) {
      for (const record of records) {
        const parsed = schema.safeParse(record);
        expect(parsed.error?.issues, JSON.stringify(record)).toBeUndefined();
        // Canonical already (E.164, lower-case e-mail, IANA zone names), so a re-import compares equal.
        expect(parsed.data).toEqual(record);
      }
    }
  });

  it('gives every customer of the full-size set a valid phone number of its region’s country', () => {
    for (const seed of [42, 7]) {
      for (const customer of generateCustomers({ seed, count: 20_000 })) {
        if (customer.phone == null) continue;
        const phone = parsePhoneNumberFromString(customer.phone);
        const region = REGIONS.find((r) => r.name === customer.region)!;
        expect(phone?.isValid(), `${customer.externalRef} ${customer.phone}`).toBe(true);
        expect(phone?.number).toBe(customer.phone);
        expect(phone?.country, `${customer.phone} in ${customer.region}`).toBe(region.country);
      }
    }
  });

  it('spreads customers over 30 regions with real time zones and both locales', () => {
    expect(REGIONS).toHaveLength(30);
    expect(new Set(REGIONS.map((r) => r.name)).size).toBe(30);
    for (const region of REGIONS) expect(isTimeZone(region.timeZone), region.timeZone).toBe(true);
    expect(new Set(data.customers.map((c) => c.region)).size).toBe(30);
    expect(new Set(data.customers.map((c) => c.timeZone))).toContain('Asia/Urumqi');

    const mainland = data.customers.filter((c) => REGIONS.find((r) => r.name === c.region)!.country === 'CN');
    const abroad = data.customers.filter(
      (c) => c.timeZone.startsWith('America/') || c.timeZone.startsWith('Europe/'),
    );
    expect(share(mainland, (c) => c.locale === 'zh-CN')).toBeGreaterThan(0.9);
    expect(share(abroad, (c) => c.locale === 'en')).toBeGreaterThan(0.8);
    for (const customer of data.customers) {
      if (customer.locale === 'zh-CN') expect(customer.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      else expect(customer.name).toMatch(/^\p{L}+ [\p{L}']+$/u);
    }
  });

  it('mixes consent the way real customers give it', () => {
    const { customers } = data;
    const withPhone = customers.filter((c) => c.phone != null);
    const withEmail = customers.filter((c) => c.email != null);
    expect(share(withPhone, (c) => !c.consents.sms)).toBeGreaterThan(0.15);
    expect(share(withPhone, (c) => !c.consents.sms)).toBeLessThan(0.3);
    expect(share(withEmail, (c) => !c.consents.email)).toBeGreaterThan(0.1);
    expect(share(withEmail, (c) => !c.consents.email)).toBeLessThan(0.2);
    expect(share(withPhone, (c) => !c.consents.call)).toBeGreaterThan(0.3);
    expect(share(withPhone, (c) => !c.consents.call)).toBeLessThan(0.5);
    expect(share(customers, (c) => c.email == null)).toBeGreaterThan(0.03);
    expect(share(customers, (c) => c.phone == null)).toBeGreaterThan(0.01);
    expect(customers.every((c) => c.phone != null || c.email != null)).toBe(true);
    expect(
      customers.every((c) => (c.phone != null || !c.consents.sms) && (c.email != null || !c.consents.email)),
    ).toBe(true);
    expect(share(customers, (c) => c.tier === 'vip')).toBeGreaterThan(0.05);
    expect(share(customers, (c) => c.tier === 'vip')).toBeLessThan(0.11);
    expect(new Set(customers.map((c) => c.consentSource))).toEqual(
      new Set(['checkout-form', 'app-signup', 'store-visit', 'care-call', 'newsletter-signup', undefined]),
    );
    for (const customer of withEmail) expect(customer.email).toMatch(/^[a-z.]+\.\d+@example\.(com|org|net)$/);
    expect(customers[0]!.externalRef).toBe('C000001');
    expect(customers.at(-1)!.externalRef).toBe('C002000');
  });

  it('prices and warranties products by category', () => {
    const { products } = data;
    expect(products.map((p) => p.sku)).toEqual(
      products.map((_, i) => `SKU-${String(i + 1).padStart(5, '0')}`),
    );
    expect(new Set(products.map((p) => p.category)).size).toBe(8);
    for (const product of products) {
      expect(Math.round(product.price * 100) / 100).toBe(product.price);
      if (['food', 'apparel', 'beauty'].includes(product.category)) expect(product.warrantyMonths).toBe(0);
      if (product.category === 'electronics') expect([12, 24]).toContain(product.warrantyMonths);
    }
    const median = (category: string) => {
      const prices = products.filter((p) => p.category === category).map((p) => p.price);
      return prices.sort((a, b) => a - b)[Math.floor(prices.length / 2)]!;
    };
    expect(median('electronics')).toBeGreaterThan(median('food'));
  });

  it('places orders in the last 12 months, skewed to popular products and VIPs', () => {
    const { orders } = data;
    const customers = new Map(data.customers.map((c) => [c.externalRef, c]));
    const products = new Map(data.products.map((p) => [p.sku, p]));
    let previous = 0;
    orders.forEach((order, index) => {
      const at = new Date(order.purchasedAt).getTime();
      expect(at, order.purchasedAt).toBeLessThan(now.getTime());
      expect(at, order.purchasedAt).toBeGreaterThan(now.getTime() - YEAR);
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
      expect(order.externalRef).toBe(`O${String(index + 1).padStart(7, '0')}`);
      const customer = customers.get(order.customerRef)!;
      expect(order.region).toBe(customer.region);
      // The written offset is the customer's own at that instant.
      const offset = offsetMinutes(new Date(at), customer.timeZone);
      expect(order.purchasedAt.slice(19)).toBe(
        `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`,
      );
      const quantity = order.amount / products.get(order.sku)!.price;
      expect(
        [1, 2, 3].some((q) => Math.abs(q - quantity) < 1e-9),
        `${order.amount} for ${order.sku}`,
      ).toBe(true);
    });

    const bySku = new Map<string, number>();
    for (const order of orders) bySku.set(order.sku, (bySku.get(order.sku) ?? 0) + 1);
    const counts = [...bySku.values()].sort((a, b) => b - a);
    expect(counts[0]!).toBeGreaterThan(5 * counts[Math.floor(counts.length / 2)]!);

    const perCustomer = (tier: string) => {
      const ofTier = data.customers.filter((c) => c.tier === tier);
      const refs = new Set(ofTier.map((c) => c.externalRef));
      return orders.filter((o) => refs.has(o.customerRef)).length / ofTier.length;
    };
    expect(perCustomer('vip')).toBeGreaterThan(2 * perCustomer('regular'));
  });

  it('leaves recent orders in flight and settles old ones', () => {
    const ageDays = (order: { purchasedAt: string }) =>
      (now.getTime() - new Date(order.purchasedAt).getTime()) / 86_400_000;
    const recent = data.orders.filter((o) => ageDays(o) < 5);
    const old = data.orders.filter((o) => ageDays(o) > 30);
    const inFlight = (o: { status: string }) => o.status === 'placed' || o.status === 'shipped';
    expect(share(recent, inFlight)).toBeGreaterThan(0.5);
    expect(share(old, inFlight)).toBe(0);
    expect(share(old, (o) => o.status === 'delivered')).toBeGreaterThan(0.8);
    expect(new Set(old.map((o) => o.status))).toEqual(
      new Set(['delivered', 'returned', 'exchanged', 'refunded', 'cancelled']),
    );
  });
});
