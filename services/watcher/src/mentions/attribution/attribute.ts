import type { Database, MentionAttribution } from '@aftercare/db';
import type { Kysely } from 'kysely';
import type { MentionInput } from '../mention-schema.js';
import type { Catalogue, Product } from './catalogue.js';
import { matchKey } from './match-key.js';

export interface Attribution {
  product: Product | null;
  attributedBy: MentionAttribution | null;
  region: string | null;
  city: string | null;
}

/** What a batch needs beyond the catalogue, read once: its orders and its authors' known regions. */
export interface BatchLookups {
  orders: Map<string, { productId: number; region: string }>;
  authorRegions: Map<string, string>;
}

export const authorKey = (source: string, author: string) => `${source}\u0000${author}`;

export async function loadBatchLookups(
  db: Kysely<Database>,
  mentions: readonly MentionInput[],
): Promise<BatchLookups> {
  const orderRefs = [...new Set(mentions.flatMap((m) => (m.orderRef ? [m.orderRef] : [])))];
  const authored = mentions.filter((m) => m.author !== undefined);
  const [orders, authors] = await Promise.all([
    orderRefs.length
      ? db
          .selectFrom('orders')
          .select(['external_ref', 'product_id', 'region'])
          .where('external_ref', 'in', orderRefs)
          .execute()
      : [],
    authored.length
      ? db
          .selectFrom('mention_authors')
          .select(['source', 'author', 'region'])
          .where('source', 'in', [...new Set(authored.map((m) => m.source))])
          .where('author', 'in', [...new Set(authored.map((m) => m.author!))])
          .execute()
      : [],
  ]);
  return {
    orders: new Map(orders.map((o) => [o.external_ref, { productId: o.product_id, region: o.region }])),
    authorRegions: new Map(authors.map((a) => [authorKey(a.source, a.author), a.region])),
  };
}

/**
 * The product and region a mention is about. Product: the given SKU, then the order's product, the
 * given product name or alias, a name or alias inside the text. Region: the given region, then the
 * given city or a city named in the text, the order's region, the author's region seen before.
 * A mention matched to nothing is kept, unattributed.
 */
export function attribute(mention: MentionInput, catalogue: Catalogue, lookups: BatchLookups): Attribution {
  const order = mention.orderRef ? lookups.orders.get(mention.orderRef) : undefined;
  // The text is normalised and scanned only when nothing given settles the question: most posts of
  // a feed name their SKU and region, and a scan reads up to 10,000 characters.
  let textKey: string | undefined;
  const text = () => (textKey ??= matchKey(mention.text));
  const productSources: [MentionAttribution, () => Product | undefined][] = [
    ['sku', () => (mention.sku ? catalogue.bySku.get(mention.sku) : undefined)],
    ['order', () => (order ? catalogue.byId.get(order.productId) : undefined)],
    [
      'product_name',
      () => (mention.productName ? catalogue.byName.get(matchKey(mention.productName)) : undefined),
    ],
    ['text', () => catalogue.namesInText.find(text())],
  ];
  let product: Product | null = null;
  let attributedBy: MentionAttribution | null = null;
  for (const [by, find] of productSources) {
    const found = find();
    if (found) {
      product = found;
      attributedBy = by;
      break;
    }
  }
  const region =
    mention.region ??
    (mention.city ? catalogue.cities.get(matchKey(mention.city)) : undefined) ??
    catalogue.citiesInText.find(text()) ??
    order?.region ??
    (mention.author ? lookups.authorRegions.get(authorKey(mention.source, mention.author)) : undefined) ??
    null;
  return { product, attributedBy, region, city: mention.city ?? null };
}
