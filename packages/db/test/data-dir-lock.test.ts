import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../src/data-dir-lock.js';
import { DataDirLockedError } from '../src/index.js';

const LOCK_MODULE = resolve(import.meta.dirname, '../src/data-dir-lock.ts');

// What a test made, removed after it also when it fails: the holder first, then its folder.
const folders: string[] = [];
const holders: ChildProcess[] = [];
const releases: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const release of releases.splice(0)) await release();
  await Promise.all(
    holders.splice(0).map(
      (holder) =>
        new Promise((gone) => {
          if (holder.exitCode !== null || holder.signalCode !== null) return gone(undefined);
          holder.once('exit', gone);
          holder.kill('SIGKILL');
        }),
    ),
  );
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Takes the lock in this process; a test that fails before giving it back has it given back after. */
async function hold(folder: string): Promise<() => Promise<void>> {
  const release = await acquireDataDirLock(folder);
  let released = false;
  const once = async () => {
    if (!released) {
      released = true;
      await release();
    }
  };
  releases.push(once);
  return once;
}

function lockFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'aftercare-lock-'));
  folders.push(folder);
  return folder;
}

describe('the embedded data folder lock', () => {
  it('lets one holder at a time have the folder, naming the holder to the next', async () => {
    const folder = lockFolder();
    const release = await hold(folder);
    await expect(acquireDataDirLock(folder)).rejects.toThrow(DataDirLockedError);
    await release();
    const again = await hold(folder);
    await again();
  });

  it('refuses while another process holds it, and takes over at once after that process is killed', async () => {
    const folder = lockFolder();
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { acquireDataDirLock } = await import(${JSON.stringify(LOCK_MODULE)});
         await acquireDataDirLock(${JSON.stringify(folder)}); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: resolve(import.meta.dirname, '..') },
    );
    holders.push(holder);
    await new Promise<void>((locked) =>
      holder.stdout.on('data', (chunk) => String(chunk).includes('locked') && locked()),
    );
    await expect(acquireDataDirLock(folder)).rejects.toThrow(`is in use by process ${holder.pid}`);

    holder.kill('SIGKILL');
    await new Promise((gone) => holder.on('exit', gone));
    const started = Date.now();
    const release = await hold(folder);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(readFileSync(join(folder, 'aftercare.pid'), 'utf8')).toContain(String(process.pid));
    await release();
  }, 30_000);
});
