import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { createMemoryEventWriter, type MemoryEventWriter } from '@aftercare/events';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import type { ManualClock } from '@aftercare/runtime';
import { createSchedulerService } from '../../src/index.js';
import { seedShopWithVipAndRegularBuyers } from '../seed/shop-with-vip-and-regular-buyers.js';

export interface SchedulerApi {
  database: TestDatabase;
  api: Awaited<ReturnType<typeof createTestApp>>;
  /** Every domain event the scheduler appended, in order. */
  events: MemoryEventWriter;
}

/**
 * The scheduler's routes over a fresh database holding the shop of
 * `seed/shop-with-vip-and-regular-buyers`, on the given clock, with events kept in memory.
 */
export async function startSchedulerApi(clock: ManualClock): Promise<SchedulerApi> {
  const database = await createTestDatabase();
  const events = createMemoryEventWriter();
  const ctx = await createTestContext(database, { clock, events });
  const api = await createTestApp(ctx, (c) => [createSchedulerService(c)]);
  await seedShopWithVipAndRegularBuyers(ctx);
  return { database, api, events };
}
