import type { Database } from '@aftercare/db';
import { type Kysely, sql } from 'kysely';
import { matchKey } from './match-key.js';
import { TextMatcher } from './text-matcher.js';

export interface Product {
  id: number;
  sku: string;
  name: string;
  category: string;
}

/** What attribution matches against: products by SKU and by name or alias, cities by name. */
export interface Catalogue {
  byId: Map<number, Product>;
  bySku: Map<string, Product>;
  byName: Map<string, Product>;
  namesInText: TextMatcher<Product>;
  cities: Map<string, string>;
  citiesInText: TextMatcher<string>;
}

const cached = new WeakMap<Kysely<Database>, { fingerprint: string; catalogue: Promise<Catalogue> }>();

/**
 * The catalogue of a database, read again only when its products, aliases or cities changed (a
 * cheap fingerprint read per batch: their counts and newest ids), so a batch never pays for reading
 * every product and a product added a moment ago is matched.
 */
export async function catalogueOf(db: Kysely<Database>): Promise<Catalogue> {
  const { rows } = await sql<{ fingerprint: string }>`
    select concat_ws(':',
      (select count(*) from products), (select max(id) from products),
      (select count(*) from product_aliases), (select max(id) from product_aliases),
      (select count(*) from cities)) as fingerprint`.execute(db);
  const fingerprint = rows[0]?.fingerprint ?? '';
  const entry = cached.get(db);
  if (entry && entry.fingerprint === fingerprint) return entry.catalogue;
  const catalogue = loadCatalogue(db);
  cached.set(db, { fingerprint, catalogue });
  catalogue.catch(() => cached.delete(db));
  return catalogue;
}

async function loadCatalogue(db: Kysely<Database>): Promise<Catalogue> {
  const [products, aliases, cities] = await Promise.all([
    db.selectFrom('products').select(['id', 'sku', 'name', 'category']).execute(),
    db.selectFrom('product_aliases').select(['product_id', 'alias_key']).execute(),
    db.selectFrom('cities').select(['city_key', 'region']).execute(),
  ]);
  const byId = new Map(products.map((p) => [p.id, p]));
  const byName = new Map<string, Product>();
  for (const product of products) byName.set(matchKey(product.name), product);
  for (const alias of aliases) {
    const product = byId.get(alias.product_id);
    if (product) byName.set(alias.alias_key, product);
  }
  const cityMap = new Map(cities.map((c) => [c.city_key, c.region]));
  return {
    byId,
    bySku: new Map(products.map((p) => [p.sku, p])),
    byName,
    namesInText: new TextMatcher(byName),
    cities: cityMap,
    citiesInText: new TextMatcher(cityMap),
  };
}
