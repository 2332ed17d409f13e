import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textScoreRoutes } from '../src/index.js';
import { createTestApp, createTestContext } from '../src/testing.js';

type Scored = {
  items: { label: string; lang: string; complaint: boolean; topics: string[]; terms: string[] }[];
};

describe(`POST /v1/text/score on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database);
    api = await createTestApp(ctx, (c) => [{ name: 'platform', routes: textScoreRoutes(c), workers: [] }]);
  });
  afterAll(async () => database?.dispose());

  const score = (json: unknown, token: string | null = api.tokens.agent) =>
    api.request('/v1/text/score', { method: 'POST', token: token ?? undefined, json });

  it('scores English and Chinese complaints in order, with the terms that decided', async () => {
    const res = await score({
      items: [
        { text: 'The parcel never arrived and support ignored me. Refund please.' },
        { text: '收到就漏水，客服态度差，再也不买了', rating: 1 },
        { text: 'Lovely kettle, works great', rating: 5 },
      ],
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as Scored;
    expect(items.map((item) => [item.label, item.lang, item.complaint])).toEqual([
      ['negative', 'en', true],
      ['negative', 'zh', true],
      ['positive', 'en', false],
    ]);
    expect(items[0]!.topics).toContain('logistics');
    expect(items[1]!.topics).toEqual(expect.arrayContaining(['quality', 'service']));
    expect(items[1]!.terms.length).toBeGreaterThan(0);
  });

  it('lets any role call it', async () => {
    for (const role of ['ingest', 'marketing', 'supervisor'] as const) {
      expect((await score({ items: [{ text: 'ok' }] }, api.tokens[role])).status, role).toBe(200);
    }
  });

  it('refuses bad items naming the index and field', async () => {
    const bad = await score({
      items: [{ text: 'fine' }, { text: 'x', rating: 6 }, { lang: 'en' }, { text: 'y', lang: 'fr' }],
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { index: number; field: string }[] };
    expect(body.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'rating'],
      [2, 'text'],
      [3, 'lang'],
    ]);
    const tooMany = await score({ items: Array.from({ length: 1001 }, () => ({ text: 'a' })) });
    expect(tooMany.status).toBe(400);
    expect((await score({ items: [] })).status).toBe(400);
  });

  it('asks for a token', async () => {
    expect((await score({ items: [{ text: 'a' }] }, null)).status).toBe(401);
  });
});
