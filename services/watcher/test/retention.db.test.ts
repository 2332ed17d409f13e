import { countRows, createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestContext } from '@aftercare/http/testing';
import { ManualClock } from '@aftercare/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestMentions } from '../src/mentions/ingest.js';
import { deleteOldMentions } from '../src/retention/delete-old-mentions.js';
import { seedShopWithBlenderAndKettle } from './seed/shop-with-blender-and-kettle.js';

const NOW = new Date('2026-03-16T10:00:00.000Z');
const DAY = 86_400_000;

describe(`mention retention on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, {
      clock: new ManualClock(NOW),
      env: { MENTION_RETENTION_DAYS: '10' },
    });
    await seedShopWithBlenderAndKettle(ctx);
  });
  beforeEach(async () => {
    await sql`truncate mentions, mention_keys, mention_authors, risk_cells, risk_cell_terms, risk_cell_changes`.execute(
      database.db,
    );
  });
  afterAll(async () => database?.dispose());

  it('deletes raw mentions past the retention, keeps the map and the keys, and says how many', async () => {
    const lines = [1, 5, 9.5, 10.5, 20, 30].flatMap((days, d) =>
      Array.from({ length: 3 }, (_, i) => ({
        index: d * 3 + i,
        value: {
          source: 'weibo',
          externalId: `old-${days}-${i}`,
          text: '质量太差了',
          sku: 'BLENDER-1',
          region: 'Guangdong',
          occurredAt: new Date(NOW.getTime() - days * DAY).toISOString(),
        },
      })),
    );
    // Taken in while the retention was longer, as a backfill would have been.
    const longer = {
      ...ctx,
      config: { ...ctx.config, watcher: { ...ctx.config.watcher, mentionRetentionDays: 365 } },
    };
    expect((await ingestMentions(longer, lines)).accepted).toBe(18);
    const cells = await countRows(database.db, 'risk_cells');

    expect(await deleteOldMentions(ctx, { now: NOW })).toBe(9);
    const left = await database.db.selectFrom('mentions').select('occurred_at').execute();
    expect(left.every((m) => m.occurred_at.getTime() >= NOW.getTime() - 10 * DAY)).toBe(true);
    expect(left).toHaveLength(9);
    expect(await countRows(database.db, 'risk_cells'), 'the map keeps its counts').toBe(cells);
    expect(await countRows(database.db, 'mention_keys'), 'and the keys, so a replay is a duplicate').toBe(18);
    expect(await deleteOldMentions(ctx, { now: NOW })).toBe(0);
  });

  it('forgets authors not seen within the retention, and keeps those seen again', async () => {
    const post = (author: string, at: Date, region = 'Guangdong') =>
      ingestMentions({ ...ctx, clock: new ManualClock(at) }, [
        {
          index: 0,
          value: {
            source: 'weibo',
            externalId: `a-${author}-${at.getTime()}-${region}`,
            text: '很好用',
            sku: 'BLENDER-1',
            region,
            author,
            occurredAt: at.toISOString(),
          },
        },
      ]);
    const longAgo = new Date(NOW.getTime() - 20 * DAY);
    await post('@gone', longAgo);
    await post('@back', longAgo);
    await post('@back', new Date(NOW.getTime() - 2 * DAY), 'Zhejiang');
    await deleteOldMentions(ctx, { now: NOW });
    const authors = await database.db.selectFrom('mention_authors').select(['author', 'region']).execute();
    expect(authors).toEqual([{ author: '@back', region: 'Zhejiang' }]);
  });
});
