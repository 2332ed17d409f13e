import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import type { StoredEvent } from '@aftercare/events';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCallbackAnswers } from '../src/mentions/callback-answers.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

const NOW = new Date('2026-03-16T10:30:00.000Z');

describe(`callback answers on the risk map on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { clock: new ManualClock(NOW) });
    await seedShopWithBlenderAndKettle(ctx);
  });
  afterAll(async () => database?.dispose());

  const answered = (id: number, text: string): StoredEvent<'callback.answered@1'> => ({
    id,
    txid: '1',
    type: 'callback.answered@1',
    aggregateType: 'callback',
    aggregateId: 'cb_7',
    occurredAt: NOW,
    payload: {
      callbackId: 'cb_7',
      complaintId: 'cmp_3',
      customerRef: 'C-GD',
      sku: 'BLENDER-1',
      region: 'Guangdong',
      questionId: id === 1 ? 'expectations' : 'better',
      text,
      lang: 'zh',
      label: 'negative',
      score: -3,
      topics: ['quality'],
      answeredAt: new Date(NOW.getTime() - 60_000).toISOString(),
    },
  });

  it('counts each open answer once as a mention from source callback, on its product and region', async () => {
    const events = [answered(1, '搅拌机用了两天就漏水了，很失望'), answered(2, '希望客服回复再快一点')];
    expect(await takeCallbackAnswers(ctx, events)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    // Delivered again (at least once): nothing counts twice.
    expect(await takeCallbackAnswers(ctx, events)).toMatchObject({ accepted: 0, duplicates: 2 });
    const mentions = await database.db
      .selectFrom('mentions')
      .select(['source', 'external_id', 'region', 'label'])
      .orderBy('external_id')
      .execute();
    expect(mentions).toEqual([
      { source: 'callback', external_id: 'cb_7:better', region: 'Guangdong', label: expect.any(String) },
      { source: 'callback', external_id: 'cb_7:expectations', region: 'Guangdong', label: 'negative' },
    ]);
    const cell = await database.db
      .selectFrom('risk_cells')
      .select(['mentions', 'negative'])
      .where('granularity', '=', 'day')
      .executeTakeFirstOrThrow();
    expect(cell.mentions).toBe(2);
  });
});
