import type { Migration } from 'kysely';

/** The notifier's migrations, named `YYYYMMDDTHHMMSS-what-it-does`; none yet. */
export const notifierMigrations: Record<string, Migration> = {};
