import {
  createHttpSmsTransport,
  createMemoryMailTransport,
  createMemorySmsTransport,
  createSmtpMailTransport,
  type MailTransport,
  type SmsTransport,
} from '@aftercare/channels';
import type { AftercareConfig } from '@aftercare/config';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@aftercare/db';
import { createEventWriter, type EventWriter } from '@aftercare/events';
import { createLogger, type Logger } from '@aftercare/logger';
import { type AppContext, type Clock, HealthBoard, systemClock } from '@aftercare/runtime';
import type { TextScorer } from '@aftercare/scoring';

export interface OwnedContext extends AppContext {
  /** Aborts `shutdown`, closes the transports and the database (unless the caller keeps it). */
  close(): Promise<void>;
}

/** Parts a caller (a test, a benchmark) brings instead of the real ones. */
export interface ContextOverrides {
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** An open database the caller keeps and closes. */
  database?: DatabaseHandle | undefined;
  /** A database being opened by the caller that this context takes over (and closes). */
  opening?: Promise<DatabaseHandle> | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean | undefined;
  scorer?: TextScorer | undefined;
  mailer?: MailTransport | undefined;
  sms?: SmsTransport | undefined;
  events?: EventWriter | undefined;
  health?: HealthBoard | undefined;
}

/**
 * Builds the one context of a process (or of a test): opens and migrates the database, makes the
 * logger, the scorer, the mail and SMS transports (real when configured, in memory otherwise) and
 * the event writer. The CLI, the tests and the benchmarks all come here.
 * @example
 * const ctx = await createContext(toConfig(readEnv(process.env)));
 * try { ... } finally { await ctx.close(); }
 */
export async function createContext(
  config: AftercareConfig,
  overrides: ContextOverrides = {},
): Promise<OwnedContext> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level });
  // The scorer's package loads while the database opens, not before: start-up waits on that anyway.
  const loadingScorer = overrides.scorer ? Promise.resolve(overrides.scorer) : lazyScorer();
  loadingScorer.catch(() => {}); // awaited below, once the database is open
  const ownsDatabase = !overrides.database;
  const database = overrides.database ?? (await (overrides.opening ?? openDatabase(config.db)));
  let scorer: TextScorer;
  try {
    if (overrides.migrate !== false) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0)
        logger.info({ migrations: applied.map((m) => m.migrationName) }, 'migrations applied');
    }
    scorer = await loadingScorer;
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
  const clock = overrides.clock ?? systemClock;
  const mailer = overrides.mailer ?? createMailer(config);
  const sms = overrides.sms ?? createSms(config);
  const stopping = new AbortController();
  return {
    config,
    db: database.db,
    engine: database.engine,
    logger,
    clock,
    scorer,
    mailer,
    sms,
    events: overrides.events ?? createEventWriter(clock),
    health: overrides.health ?? new HealthBoard(),
    shutdown: stopping.signal,
    async close() {
      stopping.abort();
      await Promise.allSettled([mailer.close(), sms.close()]);
      if (ownsDatabase) await database.close();
    },
  };
}

/** The real scorer: its package loads with the context, its lexicons are built on first use. */
async function lazyScorer(): Promise<TextScorer> {
  const { createTextScorer } = await import('@aftercare/scoring');
  let scorer: TextScorer | undefined;
  return {
    score: (text, options) => {
      scorer ??= createTextScorer();
      return scorer.score(text, options);
    },
  };
}

function createMailer(config: AftercareConfig): MailTransport {
  const { smtpUrl, from } = config.mail;
  return smtpUrl ? createSmtpMailTransport({ url: smtpUrl, from }) : createMemoryMailTransport();
}

function createSms(config: AftercareConfig): SmsTransport {
  const { providerUrl, providerToken } = config.sms;
  return providerUrl
    ? createHttpSmsTransport({ url: providerUrl, token: providerToken ?? '', timeoutMs: 10_000 })
    : createMemorySmsTransport();
}

/** Opens a context for a one-shot command and always closes it. */
export async function withContext<T>(
  config: AftercareConfig,
  use: (ctx: OwnedContext) => Promise<T>,
  overrides?: ContextOverrides,
): Promise<T> {
  const ctx = await createContext(config, overrides);
  try {
    return await use(ctx);
  } finally {
    await ctx.close();
  }
}
