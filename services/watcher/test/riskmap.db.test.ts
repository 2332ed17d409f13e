import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatcherService } from '../src/index.js';
import { ingestMentions } from '../src/mentions/ingest.js';
import { evaluateCell } from '../src/riskmap/evaluate-cells.js';
import { riskCellChangeQueue } from '../src/riskmap/evaluator-worker.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

type Cell = {
  sku: string;
  region: string;
  windowStart: string;
  mentions: number;
  negative: number;
  expectedNegative: number;
  risk: number;
  trend: string;
  topTerms: string[];
};

const NOW = new Date('2026-03-16T10:30:00.000Z');
const HOUR = 3_600_000;
const BAD = '质量太差了，用了一次就坏了';
const GOOD = '很好用，推荐购买';

// Two weeks of ordinary talk about both products in Guangdong (about one negative post in ten), then
// a burst of complaints about the blender in the last hour: the map ranks that cell first.
describe(`the risk map on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, { clock });
    api = await createTestApp(ctx, (c) => [createWatcherService(c)]);
    await seedShopWithBlenderAndKettle(ctx);
    let n = 0;
    const post = (sku: string, text: string, at: number) => ({
      index: n,
      value: {
        source: 'review_site',
        externalId: `r-${n++}`,
        text,
        sku,
        region: 'Guangdong',
        occurredAt: new Date(at).toISOString(),
      },
    });
    const history = [];
    for (let h = 14 * 24; h >= 2; h -= 3) {
      const at = NOW.getTime() - h * HOUR;
      for (const sku of ['BLENDER-1', 'KETTLE-1']) history.push(post(sku, h % 30 === 0 ? BAD : GOOD, at));
    }
    await ingestMentions(ctx, history);
    const burst = Array.from({ length: 12 }, (_, i) =>
      post('BLENDER-1', i % 3 === 0 ? `${BAD} 漏水` : BAD, NOW.getTime() - i * 60_000),
    );
    await ingestMentions(ctx, [...burst, post('KETTLE-1', GOOD, NOW.getTime() - 5 * 60_000)]);
    // The evaluator's work, as its worker would do it.
    const queue = riskCellChangeQueue(ctx);
    for (let rows = await queue.claim('test', 500); rows.length > 0; rows = await queue.claim('test', 500)) {
      for (const row of rows) {
        await evaluateCell(ctx, row);
        await queue.complete(row.id, 'test');
      }
    }
  });
  afterAll(async () => database?.dispose());

  const get = async (path: string) => {
    const res = await api.request(path, { token: api.tokens.marketing });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };

  it('ranks the burst first, against what the cell’s own history expects, with its words', async () => {
    const map = (await get('/v1/riskmap?granularity=hour')) as { items: Cell[] };
    const [top, second] = map.items;
    expect(top).toMatchObject({
      sku: 'BLENDER-1',
      region: 'Guangdong',
      windowStart: '2026-03-16T10:00:00.000Z',
      negative: 12,
      trend: 'rising',
    });
    expect(top!.expectedNegative).toBeLessThan(1);
    expect(top!.risk).toBeGreaterThan(50);
    expect(top!.topTerms.length).toBeGreaterThan(0);
    expect(second!.risk).toBeLessThan(top!.risk / 2);
    const quiet = map.items.find((c) => c.sku === 'KETTLE-1' && c.windowStart === '2026-03-16T10:00:00.000Z');
    expect(quiet?.risk).toBeLessThan(5);
  });

  it('shows the evidence behind a cell: its windows, words, topics and latest negative mentions', async () => {
    const evidence = (await get(
      '/v1/riskmap/cells/BLENDER-1/Guangdong?granularity=day&from=2026-03-10T00:00:00Z',
    )) as {
      windows: Cell[];
      topTerms: { term: string; count: number }[];
      topics: Record<string, number>;
      samples: { label: string; sku: string }[];
    };
    expect(evidence.windows.map((w) => w.windowStart)).toContain('2026-03-16T00:00:00.000Z');
    expect(evidence.topTerms[0]!.count).toBeGreaterThanOrEqual(12);
    expect(evidence.topics.quality).toBeGreaterThanOrEqual(12);
    expect(evidence.samples).toHaveLength(10);
    expect(evidence.samples.every((m) => m.label === 'negative' && m.sku === 'BLENDER-1')).toBe(true);
  });

  it('pages through the map by cursor: every cell once, in the order of one long page', async () => {
    const range = 'granularity=hour&from=2026-03-01T00:00:00Z';
    const whole = (await get(`/v1/riskmap?${range}&limit=500`)) as {
      items: Cell[];
      nextCursor: string | null;
    };
    expect(whole.nextCursor).toBeNull();
    let page = (await get(`/v1/riskmap?${range}&limit=7`)) as { items: Cell[]; nextCursor: string | null };
    const paged = [...page.items];
    while (page.nextCursor) {
      expect(page.items, 'a page before the last is full').toHaveLength(7);
      page = (await get(`/v1/riskmap?${range}&limit=7&cursor=${page.nextCursor}`)) as typeof page;
      paged.push(...page.items);
    }
    const key = (c: Cell) => `${c.sku}/${c.region}/${c.windowStart}`;
    expect(whole.items.length).toBeGreaterThan(200);
    expect(paged.map(key)).toEqual(whole.items.map(key));
    const bad = await api.request('/v1/riskmap?cursor=bWVudGlvbnM6NDI', { token: api.tokens.marketing });
    expect(bad.status, 'a cursor of another list').toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('filters by product, region and category, and names a bad parameter', async () => {
    const kettle = (await get('/v1/riskmap?sku=KETTLE-1&granularity=day')) as { items: Cell[] };
    expect(new Set(kettle.items.map((c) => c.sku))).toEqual(new Set(['KETTLE-1']));
    expect(((await get('/v1/riskmap?region=Zhejiang')) as { items: Cell[] }).items).toEqual([]);
    expect(
      ((await get('/v1/riskmap?category=home-appliances')) as { items: Cell[] }).items.length,
    ).toBeGreaterThan(0);
    const bad = await api.request('/v1/riskmap?granularity=week', { token: api.tokens.marketing });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'granularity' }] });
    expect(
      (await api.request('/v1/riskmap/cells/NOPE/Guangdong', { token: api.tokens.marketing })).status,
    ).toBe(404);
    expect((await api.request('/v1/riskmap', { token: api.tokens.agent })).status).toBe(403);
  });
});
