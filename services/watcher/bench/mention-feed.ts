// What the watcher's benchmarks share: whether the real server answers, and a feed of mentions in
// the style of the ingest benchmark (most name their SKU, some only the product's name).
import pg from 'pg';

const TEXTS = [
  '质量太差了，用了一次就坏了，要求退货',
  '物流太慢了，一个星期才到',
  '很好用，推荐购买，性价比高',
  'The lid cracked on the first use, very disappointed',
  'Works great, fast delivery, would buy again',
  '客服态度很差，问了三次都不回复',
  '包装很好，东西不错',
  'Stopped working after a week and support never answered',
];
const REGIONS = ['Guangdong', 'Zhejiang', 'Beijing', 'Shanghai', 'Sichuan', 'California', 'England'];

/** The real server the benches use: BENCH_DATABASE_URL, TEST_DATABASE_URL or the local one. */
export const benchServerUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

/** Whether the PostgreSQL server of `url` accepts a connection. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: url });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => {});
  return reachable;
}

/**
 * Mention after mention as JSON, each new (`m-1`, `m-2`, ...), posted in the two hours before `at`,
 * about one of `products` in one of seven regions.
 * @example const next = mentionFeed(products); const line = next(Date.now());
 */
export function mentionFeed(products: ReadonlyArray<{ sku: string; name: string }>): (at: number) => string {
  let n = 0;
  return (at) => {
    n++;
    const product = products[(n * 7919) % products.length]!;
    const named =
      n % 5 === 0
        ? { text: `${product.name} ${TEXTS[n % TEXTS.length]}` }
        : { text: TEXTS[n % TEXTS.length], sku: product.sku };
    return JSON.stringify({
      source: n % 2 ? 'weibo' : 'review_site',
      externalId: `m-${n}`,
      occurredAt: new Date(at - (n % 7_200) * 1_000).toISOString(),
      region: REGIONS[n % REGIONS.length],
      author: `@user${n % 50_000}`,
      ...named,
    });
  };
}
