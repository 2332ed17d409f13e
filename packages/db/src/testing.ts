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
    const name = `${options.prefix ?? 'aftercare_t'}_${randomBytes(6).toString('hex')}`;
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
