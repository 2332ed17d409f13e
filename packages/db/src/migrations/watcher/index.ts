import type { Migration } from 'kysely';

/** The watcher's migrations, named `YYYYMMDDTHHMMSS-what-it-does`; none yet. */
export const watcherMigrations: Record<string, Migration> = {};
