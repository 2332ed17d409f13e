import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** Another live process has the embedded database open; two writers would corrupt it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by ${pid ? `process ${pid}` : 'another process'}; stop that ` +
        'process, or point both at a PostgreSQL server with DATABASE_URL',
    );
    this.name = 'DataDirLockedError';
  }
}

// The lock is a directory made atomically and kept fresh by its holder; one not refreshed for
// STALE_MS belongs to a process that died (in this container or another one sharing the volume).
const STALE_MS = 30_000;

/** Takes the data folder for this process; resolves to the function that gives it back. */
export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const pidFile = join(dataDir, 'aftercare.pid');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, 'aftercare.lock'),
      stale: STALE_MS,
      update: STALE_MS / 3,
      realpath: false,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED')
      throw new DataDirLockedError(dataDir, readPid(pidFile));
    throw error;
  }
  // Only to name the holder in the error a second process gets.
  writeFileSync(pidFile, String(process.pid));
  return async () => {
    rmSync(pidFile, { force: true });
    await release();
  };
}

function readPid(pidFile: string): number | undefined {
  try {
    return Number(readFileSync(pidFile, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}
