import type { AftercareConfig } from '@aftercare/config';
import { DataDirLockedError } from '@aftercare/db';

/** A one-shot command found the embedded database held by a running server; says what to do instead. */
export class DatabaseInUseError extends Error {
  constructor(locked: DataDirLockedError, instead: string) {
    const holder = locked.pid ? `the running server (process ${locked.pid})` : 'a running server';
    super(
      `the embedded database in ${locked.dataDir} is in use by ${holder}; ${instead}, or stop the server`,
      {
        cause: locked,
      },
    );
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Runs `work`; a DataDirLockedError becomes a DatabaseInUseError naming `instead`, e.g.
 * "create the token through it: POST /v1/tokens with an admin token".
 */
export async function explainDatabaseInUse<T>(work: () => Promise<T>, instead: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DataDirLockedError ? new DatabaseInUseError(error, instead) : error;
  }
}

/** Where a server started with this configuration listens, as a client on this machine reaches it. */
export function localServerUrl(config: AftercareConfig): string {
  const { host, port } = config.http;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port === 0 ? '<port>' : port}`;
}
