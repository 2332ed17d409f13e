import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpCli, exited, startCli, tempDataDir } from './support/cli-process.js';

const BUNDLE = resolve(import.meta.dirname, '../packages/cli/dist/aftercare.mjs');
afterEach(cleanUpCli);

describe('the production bundle', () => {
  it('builds from the source and serves the same API', async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts'], {
      cwd: resolve(import.meta.dirname, '../packages/cli'),
    });
    const token = 'bundle-bootstrap-token-0123456789abcdef';
    const { child, url } = await startCli(
      [],
      { AFTERCARE_DATA_DIR: tempDataDir(), PORT: '0', AFTERCARE_BOOTSTRAP_TOKEN: token },
      BUNDLE,
    );
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/docs/assets/swagger-ui.css`)).status).toBe(200);
    const me = await fetch(`${url}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ role: 'admin' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 120_000);
});
