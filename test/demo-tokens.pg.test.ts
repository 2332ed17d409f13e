import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUpCli,
  exited,
  freePort,
  readDemoTokens,
  spawnCli,
  tempDataDir,
  waitFor,
} from './support/cli-process.js';

describe('aftercare start --demo on a PostgreSQL server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterEach(cleanUpCli);
  afterAll(async () => {
    await database?.dispose();
  });

  it('still writes the demo tokens to demo-tokens.txt in the data folder, never to stdout', async () => {
    // The data folder holds no database here and need not exist yet.
    const dataDir = join(tempDataDir(), 'not-yet');
    const port = await freePort();
    const child = spawnCli(['start', '--demo'], {
      DATABASE_URL: database.url!,
      AFTERCARE_DATA_DIR: dataDir,
      PORT: String(port),
    });
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    await waitFor('the demo announcement', async () =>
      stdout.includes('Demo API tokens') ? true : undefined,
    );

    const file = join(dataDir, 'demo-tokens.txt');
    expect(stdout).toContain(`Demo API tokens, one per role: in ${file}`);
    expect(stdout).not.toMatch(/ac_[A-Za-z0-9_-]{20,}/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { admin } = readDemoTokens(dataDir);
    const me = await fetch(`http://127.0.0.1:${port}/v1/me`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(await me.json()).toMatchObject({ role: 'admin' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 120_000);
});
