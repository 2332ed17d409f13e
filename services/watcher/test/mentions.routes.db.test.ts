import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWatcherService } from '../src/index.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

type Answer = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
};
type Mention = {
  externalId: string;
  sku: string | null;
  region: string | null;
  attributedBy: string | null;
  label: string;
};

const NOW = '2026-03-02T02:30:00.000Z';

describe(`mentions in on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  const clock = new ManualClock(NOW);
  let seq = 0;
  const mention = (fields: Record<string, unknown>) => {
    seq += 1;
    return { source: 'weibo', externalId: `wb-${seq}`, occurredAt: '2026-03-02T02:10:00.000Z', ...fields };
  };
  const post = async (items: unknown[]) => {
    const res = await api.request('/v1/mentions', {
      method: 'POST',
      token: api.tokens.ingest,
      json: { items },
    });
    expect(res.status).toBe(202);
    return (await res.json()) as Answer;
  };
  const postNdjson = async (body: string | Uint8Array) => {
    const res = await api.request('/v1/mentions', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBe(202);
    return (await res.json()) as Answer;
  };
  const mentions = async (query = '') =>
    (
      (await (
        await api.request(`/v1/mentions?limit=100${query}`, { token: api.tokens.marketing })
      ).json()) as {
        items: Mention[];
      }
    ).items;
  const cells = async () =>
    (
      await sql<{
        granularity: string;
        sku: string;
        region: string;
        window_start: Date;
        mentions: number;
        negative: number;
        complaints: number;
        quality: number;
      }>`
        select c.granularity, p.sku, c.region, c.window_start, c.mentions, c.negative, c.complaints, c.quality
        from risk_cells c join products p on p.id = c.product_id order by 1, 2, 3`.execute(database.db)
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, { clock });
    api = await createTestApp(ctx, (c) => [createWatcherService(c)]);
    await seedShopWithBlenderAndKettle(ctx);
  });
  beforeEach(async () => {
    await sql`truncate mentions, mention_keys, risk_cells, risk_cell_terms, mention_authors, product_aliases`.execute(
      database.db,
    );
  });
  afterAll(async () => database?.dispose());

  it('attributes each mention to a product and region, and counts it into its hour and day cells', async () => {
    const answer = await post([
      mention({
        text: 'The PowerMix blender cracked on day two, leaking everywhere',
        sku: 'BLENDER-1',
        region: 'Guangdong',
      }),
      mention({ text: '质量太差了，用了一次就坏了', orderRef: 'O-GD-BLENDER' }),
      mention({ text: '破壁机很好用', productName: 'powermix  BLENDER', city: '深圳' }),
      mention({ text: '在杭州买的 electric kettle 漏水，太失望了' }),
    ]);
    expect(answer).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    const kept = await mentions();
    const bySource = new Map(kept.map((m) => [m.externalId, m]));
    expect([...bySource.values()].map((m) => [m.sku, m.region, m.attributedBy]).reverse()).toEqual([
      ['BLENDER-1', 'Guangdong', 'sku'],
      ['BLENDER-1', 'Guangdong', 'order'],
      ['BLENDER-1', 'Guangdong', 'product_name'],
      ['KETTLE-1', 'Zhejiang', 'text'],
    ]);
    const map = await cells();
    const hour = map.filter((c) => c.granularity === 'hour');
    expect(hour.map((c) => [c.sku, c.region, c.window_start.toISOString(), c.mentions, c.negative])).toEqual([
      ['BLENDER-1', 'Guangdong', '2026-03-02T02:00:00.000Z', 3, 2],
      ['KETTLE-1', 'Zhejiang', '2026-03-02T02:00:00.000Z', 1, 1],
    ]);
    const day = map.filter((c) => c.granularity === 'day');
    expect(day.map((c) => [c.sku, c.window_start.toISOString(), c.mentions])).toEqual([
      ['BLENDER-1', '2026-03-02T00:00:00.000Z', 3],
      ['KETTLE-1', '2026-03-02T00:00:00.000Z', 1],
    ]);
    expect(hour[0]?.quality, 'complaints about quality').toBeGreaterThanOrEqual(1);
  });

  it('counts a mention once, ever: a replayed batch and a repeat inside one batch are duplicates', async () => {
    const batch = [
      mention({ text: 'blender broke', sku: 'BLENDER-1' }),
      mention({ text: 'kettle leaks', sku: 'KETTLE-1' }),
    ];
    expect(await post([...batch, batch[0]])).toMatchObject({ accepted: 2, duplicates: 1 });
    const before = await cells();
    expect(await post(batch)).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await cells()).toEqual(before);
    // Retention deletes raw mentions; their keys stay, so a late replay is still a duplicate.
    await sql`delete from mentions`.execute(database.db);
    expect(await post(batch)).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('keeps the valid lines of a half-bad NDJSON body and names each bad line', async () => {
    const good = (text: string) => JSON.stringify(mention({ text, sku: 'BLENDER-1' }));
    const body = [
      good('blender is great'),
      '{not json',
      JSON.stringify(mention({ text: '' })),
      JSON.stringify(mention({ text: 'x'.repeat(1_000_000) })),
      JSON.stringify(mention({ text: 'from the future', occurredAt: '2099-01-01T00:00:00Z' })),
      JSON.stringify(mention({ text: 'from long ago', occurredAt: '1970-01-01T00:00:00Z' })),
      JSON.stringify(mention({ text: 'who sells this', sku: 'NO-SUCH-SKU' })),
      JSON.stringify(mention({ text: 'extra', colour: 'red' })),
      '',
      good('😡😡😡'),
    ].join('\n');
    const bytes = new TextEncoder().encode(body);
    // A line of bytes that are not UTF-8 at the end.
    const invalid = new Uint8Array([...bytes, 0x0a, 0x7b, 0xff, 0xfe, 0x7d]);
    const answer = await postNdjson(invalid);
    expect(answer.accepted).toBe(2);
    expect(answer.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, '(line)'],
      [2, 'text'],
      [3, 'text'],
      [4, 'occurredAt'],
      [5, 'occurredAt'],
      [6, 'sku'],
      [7, 'colour'],
      [10, '(line)'],
    ]);
    expect(answer.rejected.find((r) => r.index === 10)?.reason).toBe('not valid UTF-8');
    expect((await mentions()).map((m) => m.label)).toHaveLength(2);
  });

  it('keeps what it cannot attribute, and lists it for a person', async () => {
    await post([
      mention({ text: 'this thing is rubbish, do not buy' }),
      mention({ text: 'blender ok', sku: 'BLENDER-1' }),
    ]);
    const unattributed = await mentions('&attributed=false');
    expect(unattributed.map((m) => [m.sku, m.attributedBy])).toEqual([[null, null]]);
    expect(await mentions('&attributed=true')).toHaveLength(1);
  });

  it('matches an alias added by marketing, and remembers where an author is', async () => {
    const added = await api.request('/v1/products/BLENDER-1/aliases', {
      method: 'POST',
      token: api.tokens.marketing,
      json: { aliases: ['破壁机', 'PM-3000'] },
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({
      sku: 'BLENDER-1',
      aliases: [{ alias: '破壁机' }, { alias: 'PM-3000' }],
    });
    const clash = await api.request('/v1/products/KETTLE-1/aliases', {
      method: 'POST',
      token: api.tokens.marketing,
      json: { aliases: ['破壁机'] },
    });
    expect(clash.status).toBe(409);

    await post([mention({ text: '买的破壁机第二天就不转了', author: '@lily', city: 'Guangzhou' })]);
    await post([mention({ text: '客服也不回复，破壁机还是坏的', author: '@lily' })]);
    const [later, first] = await mentions();
    expect(first).toMatchObject({ sku: 'BLENDER-1', region: 'Guangdong', attributedBy: 'text' });
    expect(later, 'the author’s region, seen before').toMatchObject({
      sku: 'BLENDER-1',
      region: 'Guangdong',
    });
  });

  it('takes mentions from ingest only and shows them to supervisors and marketing', async () => {
    const res = await api.request('/v1/mentions', {
      method: 'POST',
      token: api.tokens.marketing,
      json: { items: [mention({ text: 'x' })] },
    });
    expect(res.status).toBe(403);
    expect((await api.request('/v1/mentions', { token: api.tokens.agent })).status).toBe(403);
    expect((await api.request('/v1/mentions', { token: api.tokens.supervisor })).status).toBe(200);
  });

  it('refuses a body that is no batch at all, saying why, and keeps nothing', async () => {
    for (const json of [{}, { items: 'many' }, []]) {
      const res = await api.request('/v1/mentions', { method: 'POST', token: api.tokens.ingest, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ field: expect.stringMatching(/items|whole/) }] });
    }
    const plain = await api.request('/v1/mentions', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(plain.status).toBe(415);
    const tooMany = Array.from({ length: 10_001 }, (_, i) =>
      JSON.stringify(mention({ text: `post ${i}` })),
    ).join('\n');
    const refused = await api.request('/v1/mentions', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: tooMany,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ errors: [{ field: '(body)' }] });
    const noProduct = await api.request('/v1/products/NO-SUCH/aliases', {
      method: 'POST',
      token: api.tokens.marketing,
      json: { aliases: ['whatever'] },
    });
    expect(noProduct.status).toBe(404);
    expect(await mentions()).toEqual([]);
  });
});
