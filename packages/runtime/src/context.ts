import type { AftercareConfig } from '@aftercare/config';
import type { Database, DatabaseHandle } from '@aftercare/db';
import type { Logger } from '@aftercare/logger';
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';

/** Everything a route, job or domain function needs; built once by the process, swapped in tests. */
export interface AppContext {
  config: AftercareConfig;
  db: Kysely<Database>;
  database: DatabaseHandle;
  logger: Logger;
  clock: Clock;
  /** Aborted when the process is stopping; long work checks it between batches. */
  shutdown: AbortSignal;
}
