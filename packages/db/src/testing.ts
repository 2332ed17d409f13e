import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema/index.js';

export interface TestDatabase extends DatabaseHandle {
  /** The URL of this suite's own database on a real server; undefined on PGlite. */
  url: string | undefined;
  /** Closes the connection and drops the suite's database. */
  dispose(): Promise<void>;
}

/** Which engine database tests run on: a real server when TEST_DATABASE_URL is set, else PGlite. */
export function testDatabaseKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * A fresh, migrated database for one test suite (or benchmark): its own database on the server of
 * `serverUrl` (default TEST_DATABASE_URL; '' forces PGlite), or an in-memory PGlite.
 * Call `dispose()` in afterAll.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; serverUrl?: string; prefix?: string } = {},
): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = testDatabaseName(options.prefix);
    await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
    url = withDatabaseName(serverUrl, name);
    dropDatabase = async () => {
      await withAdminClient(serverUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    };
  }
  const handle = await openDatabase({ url, dataDir: 'memory://', poolMax: 40 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    async dispose() {
      await handle.close();
      await dropDatabase();
    },
  };
}

/**
 * A new test database's name: `<prefix>_<run>_<random>`, the run from AFTERCARE_TEST_RUN (`.ci/run`
 * sets it) so a clean-up can drop its own leftovers and never another run's; `<prefix>_<random>` without.
 * @example testDatabaseName('aftercare_t', 'ci_1763900000_42') // 'aftercare_t_ci_1763900000_42_9f3a0c1b2d4e'
 */
export function testDatabaseName(
  prefix = 'aftercare_t',
  run = process.env.AFTERCARE_TEST_RUN,
  random = randomBytes(6).toString('hex'),
): string {
  if (!run) return `${prefix}_${random}`;
  // Unquoted in SQL and matched by prefix in the clean-up: lower case (Postgres folds), and short
  // enough that the whole name stays within the 63-byte identifier limit.
  if (!/^[a-z0-9_]{1,30}$/.test(run)) {
    throw new Error(`AFTERCARE_TEST_RUN must be 1 to 30 of a-z, 0-9 and _ (got "${run}")`);
  }
  return `${prefix}_${run}_${random}`;
}

async function withAdminClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** How many rows a table holds: what most "nothing was written" assertions compare. */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
