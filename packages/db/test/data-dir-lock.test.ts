import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../src/data-dir-lock.js';
import { DataDirLockedError } from '../src/index.js';

describe('the embedded data folder lock', () => {
  it('lets one holder at a time have the folder, naming the holder to the next', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftercare-lock-'));
    const release = await acquireDataDirLock(folder);
    const second = acquireDataDirLock(folder);
    await expect(second).rejects.toThrow(DataDirLockedError);
    await expect(acquireDataDirLock(folder)).rejects.toThrow(`is in use by process ${process.pid}`);
    await release();
    const again = await acquireDataDirLock(folder);
    await again();
  });
});
