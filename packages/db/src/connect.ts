import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database } from './schema/index.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** A postgres:// URL; unset = embedded PGlite in `dataDir`. */
  url?: string | undefined;
  /** Where embedded data lives; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolMax?: number;
}

/** What only the connection can do, beside the query builder. */
export interface DatabaseEngine {
  kind: DatabaseKind;
  /** The embedded engine itself, for what only it does (COPY from a Blob); undefined on a server. */
  pglite?: PGlite;
  /** Calls `onNotify` on NOTIFY to `channel`; resolves to a function that stops listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

/** An open database: the query builder, the engine under it, and how to close both. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  close(): Promise<void>;
}

// bigint ids and counts fit in a double for any table we will have; numeric stays a string (money).
const INT8_OID = 20;

/**
 * Opens a real server through `pg` when a URL is given, else embedded PGlite in the data folder.
 * @example const { db, close } = await openDatabase({ url: undefined, dataDir: './.aftercare' });
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.poolMax ?? 10) : openPglite(options.dataDir);
}

// Each engine is loaded only when used: a server deployment never loads the WASM build, and
// the embedded one never loads pg, which keeps cold start short.
async function openPostgres(url: string, poolMax: number): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    // Idle connections are dropped by firewalls and restarts; let pg notice quickly.
    keepAlive: true,
    types: int8AsNumber(pg),
  });
  // A dropped connection is not fatal, whether the client is idle in the pool (the pool replaces it)
  // or held between two statements of a transaction (its next statement fails and is answered 503).
  // Without a listener, either would be an uncaught exception that ends the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: {
      kind: 'postgres',
      listen: async (channel, onNotify) => {
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => {});
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel === channel) onNotify();
        });
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        return async () => {
          await client.end().catch(() => {});
        };
      },
    },
    close: () => db.destroy(),
  };
}

/** Type parsers for this pool only (not pg's process-wide table): int8 as a number. */
function int8AsNumber(pg: typeof import('pg').default) {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  return types;
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let releaseLock = async () => {};
  let location = dataDir;
  if (!inMemory) {
    const folder = resolve(dataDir);
    mkdirSync(folder, { recursive: true });
    releaseLock = await acquireDataDirLock(folder);
    location = join(folder, 'pgdata');
  }
  try {
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('kysely-pglite-dialect'),
    ]);
    const client = await PGlite.create(location, {
      parsers: { [INT8_OID]: (value: string) => Number(value) },
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    return {
      db,
      engine: {
        kind: 'pglite',
        pglite: client,
        listen: async (channel, onNotify) => {
          const stop = await client.listen(channel, onNotify);
          return async () => stop();
        },
      },
      async close() {
        await db.destroy();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}
