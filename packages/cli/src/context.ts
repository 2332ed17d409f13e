import type { AftercareConfig } from '@aftercare/config';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@aftercare/db';
import { createLogger, type Logger } from '@aftercare/logger';
import { type AppContext, type Clock, systemClock } from '@aftercare/runtime';

export interface OwnedContext extends AppContext {
  /** Aborts `shutdown` and closes the database. */
  close(): Promise<void>;
}

/**
 * Builds the one context of a process: opens (and migrates) the database, makes the logger.
 * Tests pass `overrides` to swap the clock, logger or an already open database.
 */
export async function createContext(
  config: AftercareConfig,
  overrides: {
    clock?: Clock;
    logger?: Logger;
    /** An open database the caller keeps and closes. */
    database?: DatabaseHandle;
    /** A database being opened by the caller that this context takes over (and closes). */
    opening?: Promise<DatabaseHandle>;
    migrate?: boolean;
  } = {},
): Promise<OwnedContext> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level });
  const database = overrides.database ?? (await (overrides.opening ?? openDatabase(config.db)));
  try {
    if (overrides.migrate !== false) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0)
        logger.info({ migrations: applied.map((m) => m.migrationName) }, 'migrations applied');
    }
  } catch (error) {
    if (!overrides.database) await database.close();
    throw error;
  }
  const stopping = new AbortController();
  return {
    config,
    db: database.db,
    database,
    logger,
    clock: overrides.clock ?? systemClock,
    shutdown: stopping.signal,
    async close() {
      stopping.abort();
      if (!overrides.database) await database.close();
    },
  };
}

/** Opens a context for a one-shot command and always closes it. */
export async function withContext<T>(
  config: AftercareConfig,
  use: (ctx: OwnedContext) => Promise<T>,
): Promise<T> {
  const ctx = await createContext(config);
  try {
    return await use(ctx);
  } finally {
    await ctx.close();
  }
}
