import { readEnv, toConfig } from '@aftercare/config';
import { createLogger } from '@aftercare/logger';
import { ManualClock } from '@aftercare/runtime';
import { describe, expect, it } from 'vitest';
import { createContext, withContext } from '../src/index.js';

const quiet = { logger: createLogger({ level: 'silent' }) };
const config = (env: Record<string, string> = {}) =>
  toConfig(readEnv({ AFTERCARE_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...env }));

describe('createContext', () => {
  it('opens and migrates the database and keeps mail and SMS in memory when none is configured', async () => {
    const ctx = await createContext(config(), quiet);
    try {
      const migrated = await ctx.db.selectFrom('customers').select('id').limit(1).execute();
      expect(migrated).toEqual([]);
      expect(ctx.engine.kind).toBe('pglite');
      expect(ctx.mailer.kind).toBe('memory');
      expect(ctx.sms.kind).toBe('memory');
      expect(ctx.health.notReadyReasons()).toEqual([]);
    } finally {
      await ctx.close();
    }
    expect(ctx.shutdown.aborted).toBe(true);
    await expect(ctx.db.selectFrom('customers').select('id').execute()).rejects.toThrow();
  });

  it('uses SMTP and the HTTP SMS provider when they are configured', async () => {
    const env = { SMTP_URL: 'smtp://127.0.0.1:2525', SMS_PROVIDER_URL: 'http://127.0.0.1:9/sms' };
    await withContext(
      config(env),
      async (ctx) => {
        expect(ctx.mailer.kind).toBe('smtp');
        expect(ctx.sms.kind).toBe('http');
      },
      quiet,
    );
  });

  it('takes the parts a test brings and leaves a database it was given open', async () => {
    const owner = await createContext(config(), quiet);
    const clock = new ManualClock('2026-05-01T00:00:00Z');
    const borrowed = await createContext(config(), {
      ...quiet,
      clock,
      database: { db: owner.db, engine: owner.engine, close: async () => {} },
    });
    expect(borrowed.clock.now().toISOString()).toBe('2026-05-01T00:00:00.000Z');
    await borrowed.close();
    expect(await owner.db.selectFrom('customers').select('id').execute()).toEqual([]);
    await owner.close();
  });
});
