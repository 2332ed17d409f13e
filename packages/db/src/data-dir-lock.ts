import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
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
// STALE_MS belongs to a holder that died, wherever it ran (another container sharing the volume).
const STALE_MS = 30_000;

// Folders this process holds: a second open of one in the same process is refused, not taken over.
const heldHere = new Set<string>();

interface Holder {
  host: string;
  pid: number;
}

/** Takes the data folder for this process; resolves to the function that gives it back. */
export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, 'aftercare.lock');
  const holderFile = join(dataDir, 'aftercare.pid');
  const options = {
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: STALE_MS / 3,
    realpath: false,
    onCompromised: (error: Error) => {
      // Someone removed or took the lock while we hold the database open: two writers would corrupt
      // it, so this process must not go on.
      throw new Error(`lost the lock on the embedded database in ${dataDir} (${error.message}); stopping`);
    },
  };
  if (heldHere.has(dataDir)) throw new DataDirLockedError(dataDir, process.pid);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = readHolder(holderFile);
    if (!holder || !diedOnThisHost(holder)) throw new DataDirLockedError(dataDir, holder?.pid);
    // A crash or kill -9 on this machine left the lock behind: a restart need not wait until it is stale.
    rmSync(lockPath, { recursive: true, force: true });
    release = await lockfile.lock(dataDir, options).catch((retry: NodeJS.ErrnoException) => {
      throw retry.code === 'ELOCKED' ? new DataDirLockedError(dataDir, readHolder(holderFile)?.pid) : retry;
    });
  }
  // Names the holder to the next process, and lets it tell a dead holder on this host from a live one.
  writeFileSync(holderFile, `${hostname()} ${process.pid}`);
  heldHere.add(dataDir);
  return async () => {
    heldHere.delete(dataDir);
    rmSync(holderFile, { force: true });
    await release();
  };
}

function readHolder(holderFile: string): Holder | undefined {
  try {
    const [host, pid] = readFileSync(holderFile, 'utf8').trim().split(' ');
    return host && Number(pid) > 0 ? { host, pid: Number(pid) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the holder ran here and is gone. Our own pid, for a folder this process does not hold,
 * is an earlier run in a restarted container (pid 1 again): gone too.
 */
function diedOnThisHost(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
