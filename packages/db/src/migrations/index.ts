import type { Migration } from 'kysely';
import { notifierMigrations } from './notifier/index.js';
import { platformMigrations } from './platform/index.js';
import { schedulerMigrations } from './scheduler/index.js';
import { watcherMigrations } from './watcher/index.js';

const byOwner = { platformMigrations, schedulerMigrations, watcherMigrations, notifierMigrations };

/**
 * Every owner's migrations, applied by the one migrator in timestamp order (the names start with
 * the timestamp). A name may appear only once across owners.
 */
export const migrations: Record<string, Migration> = Object.fromEntries(
  Object.values(byOwner)
    .flatMap((owned) => Object.entries(owned))
    .sort(([a], [b]) => a.localeCompare(b)),
);

const total = Object.values(byOwner).reduce((sum, owned) => sum + Object.keys(owned).length, 0);
if (Object.keys(migrations).length !== total)
  throw new Error('two owners define a migration of the same name');
