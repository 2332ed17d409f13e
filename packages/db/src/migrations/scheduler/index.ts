import type { Migration } from 'kysely';

/** The scheduler's migrations, named `YYYYMMDDTHHMMSS-what-it-does`; none yet. */
export const schedulerMigrations: Record<string, Migration> = {};
