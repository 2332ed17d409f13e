import { createRandom, REGIONS } from '@aftercare/demo';
import type { AppContext } from '@aftercare/runtime';
import { type IngestLine, ingestMentions } from '../mentions/ingest.js';
import { type EvaluateContext, evaluateCells } from '../riskmap/evaluate-cells.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 2_000;
/** Products people talk about in the demo, and the regions they talk from. */
const TALKED_ABOUT = 40;
const TALKING_REGIONS = 10;
const SOURCES = ['weibo', 'xiaohongshu', 'douyin', 'review_site', 'marketplace_review', 'twitter'] as const;

const TEXTS = {
  zh: {
    negative: [
      '质量太差了，用了三天就坏了',
      '做工粗糙，外壳有裂缝',
      '漏水，桌子都湿了',
      '物流太慢，一个星期才到',
      '客服态度很差，问了也不回复',
      '和宣传的完全不一样，虚假宣传',
    ],
    neutral: ['昨天到货了，还没用', '有人用过吗？想买', '颜色和图片差不多'],
    positive: ['很好用，推荐购买', '性价比很高，物流也快', '第二次回购了，质量不错'],
  },
  en: {
    negative: [
      'Stopped working after a week, very disappointed',
      'The lid cracked on the first use',
      'Delivery took forever and the box was crushed',
      'Support never answered my emails',
    ],
    neutral: ['Arrived yesterday, will try it this weekend', 'Anyone tried this one?'],
    positive: ['Works great, would buy again', 'Excellent quality for the price'],
  },
} as const;
// What a spike sounds like: the same fault, over and over.
const SPIKE_TEXTS = [
  '用了两天就漏水了，质量太差',
  '外壳开裂，漏水，要求退货',
  'Leaking from the base after two days, cracked housing',
];

export interface DemoMentionsResult {
  mentions: number;
  spikes: { sku: string; region: string }[];
  /** Alerts open after the seed (the bursts'). */
  alerts: number;
}

/**
 * Thirty days of social posts and reviews about the demo's best-known products, in Chinese and
 * English, about one in eight negative, and in the last day three bursts of complaints about one
 * product in one region each, so the first start shows a live risk map with cells standing out.
 * Goes through the real intake (scored, attributed, counted); the cells of the last day are scored
 * at once, the older ones are history. Deterministic by seed and idempotent.
 * @example await seedDemoMentions(ctx, { now: new Date() });
 */
export async function seedDemoMentions(
  ctx: Pick<AppContext, 'db' | 'clock' | 'scorer' | 'config' | 'events'>,
  options: { now: Date; count?: number; seed?: number; signal?: AbortSignal },
): Promise<DemoMentionsResult> {
  const random = createRandom(options.seed ?? 42, 'mentions');
  const products = await ctx.db
    .selectFrom('products')
    .select(['sku', 'name'])
    .orderBy('id')
    .limit(TALKED_ABOUT)
    .execute();
  if (products.length === 0) return { mentions: 0, spikes: [], alerts: 0 };
  const regions = REGIONS.slice(0, TALKING_REGIONS).map((r) => r.name);
  const count = options.count ?? 6_000;
  const lines: IngestLine[] = [];
  const post = (value: Record<string, unknown>) => lines.push({ index: lines.length, value });
  for (let n = 0; n < count; n++) {
    const product = random.pick(products);
    const lang = random.chance(0.75) ? 'zh' : 'en';
    const mood = random.chance(0.12) ? 'negative' : random.chance(0.3) ? 'neutral' : 'positive';
    const at = options.now.getTime() - Math.floor(random.next() * 30 * DAY);
    post({
      source: random.pick(SOURCES),
      externalId: `demo-${n}`,
      text: random.pick(TEXTS[lang][mood]),
      occurredAt: new Date(at).toISOString(),
      sku: product.sku,
      region: random.pick(regions),
      author: `@demo${random.int(1, 4_000)}`,
    });
  }
  const spikes = [0, 1, 2].map((i) => ({
    sku: products[(i * 7) % products.length]!.sku,
    region: regions[i]!,
  }));
  spikes.forEach((spike, i) => {
    for (let k = 0; k < 30 + i * 15; k++) {
      post({
        source: random.pick(SOURCES),
        externalId: `demo-spike-${i}-${k}`,
        text: random.pick(SPIKE_TEXTS),
        occurredAt: new Date(
          options.now.getTime() - Math.floor(random.next() * (3 + i * 4) * HOUR),
        ).toISOString(),
        ...spike,
      });
    }
  });
  let mentions = 0;
  for (let start = 0; start < lines.length; start += BATCH) {
    options.signal?.throwIfAborted();
    mentions += (await ingestMentions(ctx, lines.slice(start, start + BATCH))).accepted;
    // The embedded database runs in this thread: let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await scoreRecentCells(ctx, options.now);
  const open = await ctx.db
    .selectFrom('risk_alerts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { mentions, spikes, alerts: Number(open.n) };
}

/**
 * Scores the changed cells of the last day now (the map's default view), hour by hour so each
 * cell's spike detector sees its day in order and the spikes stand as open alerts; older cells are
 * the map's history.
 */
async function scoreRecentCells(ctx: EvaluateContext, now: Date): Promise<void> {
  const since = new Date(now.getTime() - DAY);
  const recent = await ctx.db
    .selectFrom('risk_cell_changes')
    .select(['product_id', 'region', 'window_start'])
    .where('state', '=', 'pending')
    .where('window_start', '>=', since)
    .orderBy('window_start')
    .execute();
  // In hour order, so a cell's later hours never come before its earlier ones.
  for (let start = 0; start < recent.length; start += 1_000) {
    await evaluateCells(ctx, recent.slice(start, start + 1_000), { alertsSince: since });
  }
  await ctx.db
    .updateTable('risk_cell_changes')
    .set({ state: 'done' })
    .where('state', '=', 'pending')
    .execute();
}
