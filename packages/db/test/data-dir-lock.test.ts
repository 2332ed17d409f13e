import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../src/data-dir-lock.js';
import { DataDirLockedError } from '../src/index.js';

const LOCK_MODULE = resolve(import.meta.dirname, '../src/data-dir-lock.ts');

describe('the embedded data folder lock', () => {
  it('lets one holder at a time have the folder, naming the holder to the next', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftercare-lock-'));
    const release = await acquireDataDirLock(folder);
    await expect(acquireDataDirLock(folder)).rejects.toThrow(DataDirLockedError);
    await release();
    const again = await acquireDataDirLock(folder);
    await again();
  });

  it('refuses while another process holds it, and takes over at once after that process is killed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftercare-lock-'));
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
    await new Promise<void>((locked) =>
      holder.stdout.on('data', (chunk) => String(chunk).includes('locked') && locked()),
    );
    await expect(acquireDataDirLock(folder)).rejects.toThrow(`is in use by process ${holder.pid}`);

    holder.kill('SIGKILL');
    await new Promise((gone) => holder.on('exit', gone));
    const started = Date.now();
    const release = await acquireDataDirLock(folder);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(readFileSync(join(folder, 'aftercare.pid'), 'utf8')).toContain(String(process.pid));
    await release();
  }, 30_000);
});
