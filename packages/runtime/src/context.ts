import type { MailTransport, SmsTransport } from '@aftercare/channels';
import type { AftercareConfig } from '@aftercare/config';
import type { Database, DatabaseEngine } from '@aftercare/db';
import type { EventWriter } from '@aftercare/events';
import type { Logger } from '@aftercare/logger';
import type { TextScorer } from '@aftercare/scoring';
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { HealthBoard } from './health.js';

/**
 * Everything a route, job or domain function needs; built once per process by `createContext`
 * (`@aftercare/context`), with parts swapped in tests. Side effects sit behind the interfaces here,
 * each with a real and an in-memory implementation.
 */
export interface AppContext {
  config: AftercareConfig;
  db: Kysely<Database>;
  /** What only the connection can do: its kind, LISTEN/NOTIFY, the embedded engine. */
  engine: DatabaseEngine;
  logger: Logger;
  clock: Clock;
  /** Sentiment, complaint and topic of a text. */
  scorer: TextScorer;
  mailer: MailTransport;
  sms: SmsTransport;
  /** Typed domain events, appended in the caller's transaction. */
  events: EventWriter;
  /** What /readyz and /metrics report: start-up holds (seeding) and each worker's state. */
  health: HealthBoard;
  /** Aborted when the process is stopping; long work checks it between batches. */
  shutdown: AbortSignal;
}

/** What most domain verbs need: the database and the time. */
export type DbContext = Pick<AppContext, 'db' | 'clock'>;
