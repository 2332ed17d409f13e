import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, exited, freePort, runCli, startCli, tempDataDir } from './support/cli-process.js';

const BOOTSTRAP = 'e2e-bootstrap-token-0123456789abcdef';
const children: { kill: (signal?: NodeJS.Signals) => boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('aftercare CLI on embedded Postgres', () => {
  it('starts on a fresh data folder, answers with a token, and drains on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const env = { AFTERCARE_DATA_DIR: dataDir, PORT: '0', AFTERCARE_BOOTSTRAP_TOKEN: BOOTSTRAP };
    const { child, url } = await startCli([], env);
    children.push(child);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/customers');
    const customers = await fetch(`${url}/v1/customers?limit=5`, {
      headers: { Authorization: `Bearer ${BOOTSTRAP}` },
    });
    expect(customers.status).toBe(200);
    expect(await customers.json()).toEqual({ items: [], nextCursor: null });
    expect((await fetch(`${url}/v1/customers`)).status).toBe(401);

    // A second process on the same embedded database is refused with a clear reason.
    const second = await runCli(['start'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is in use by process ${child.pid}`);

    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);

    // The data survives the restart and the folder is free again.
    const token = await runCli(['token', 'create', '--role', 'agent', '--name', 'night shift'], env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^ac_[A-Za-z0-9_-]{43}$/);
    const list = await runCli(['token', 'list'], env);
    expect(list.stdout).toMatch(/tok_\d+\tagent\tactive\tac_\S+…\tnight shift/);
  }, 120_000);

  it('imports a CSV file, reporting rejected records by line, and is idempotent', async () => {
    const dataDir = tempDataDir();
    const file = join(dataDir, 'customers.csv');
    writeFileSync(
      file,
      [
        'externalRef,name,phone,email,locale,timeZone,region,tier,smsConsent,emailConsent,callConsent',
        'C1,"Wong, Alice",+8613812345678,alice@example.com,zh-CN,Asia/Shanghai,CN-Shanghai,vip,yes,yes,no',
        'C2,Bob,+14155550132,bob@example.com,en,America/Los_Angeles,US-West,regular,true,false,true',
        'C3,Carol,12345,carol@example.com,en,Europe/London,UK,regular,1,1,1',
      ].join('\n'),
    );
    const env = { AFTERCARE_DATA_DIR: dataDir };
    const first = await runCli(['import', 'customers', file], env);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('2 imported, 0 updated, 0 unchanged, 1 rejected');
    expect(first.stdout).toMatch(/line 4: phone: not a valid phone number/);
    const again = await runCli(['import', 'customers', file], env);
    expect(again.stdout).toContain('0 imported, 0 updated, 2 unchanged, 1 rejected');
    const missing = await runCli(['import', 'customers', join(dataDir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^aftercare: .*nope\.csv/);
  }, 120_000);

  it('imports into a running instance through its API while it holds the embedded database', async () => {
    const dataDir = tempDataDir();
    const { child, url } = await startCli([], {
      AFTERCARE_DATA_DIR: dataDir,
      PORT: '0',
      AFTERCARE_BOOTSTRAP_TOKEN: BOOTSTRAP,
    });
    children.push(child);
    const products = join(dataDir, 'products.ndjson');
    writeFileSync(
      products,
      `${JSON.stringify({ sku: 'SKU-1', name: '电饭煲 Rice cooker', category: 'home-appliances', price: 299, warrantyMonths: 24 })}\n`,
    );
    const orders = join(dataDir, 'orders.csv');
    writeFileSync(
      orders,
      [
        'externalRef,customerRef,sku,region,purchasedAt,amount,status',
        'O1,C1,SKU-1,CN-Shanghai,2026-02-14T10:30:00+08:00,299,delivered',
        'O2,NOBODY,SKU-1,CN-Shanghai,2026-02-14T10:31:00+08:00,299,delivered',
      ].join('\n'),
    );
    const customers = join(dataDir, 'customers.csv');
    writeFileSync(
      customers,
      'externalRef,name,phone,email,locale,timeZone,region,tier,smsConsent,emailConsent,callConsent\n' +
        'C1,Alice,+8613812345678,alice@example.com,zh-CN,Asia/Shanghai,CN-Shanghai,vip,yes,yes,no\n',
    );
    const viaApi = (entity: string, file: string) =>
      runCli(['import', entity, file, '--url', url], {
        AFTERCARE_DATA_DIR: dataDir,
        AFTERCARE_TOKEN: BOOTSTRAP,
      });
    expect((await viaApi('customers', customers)).stdout).toContain('1 imported');
    expect((await viaApi('products', products)).stdout).toContain('1 imported');
    const ordersRun = await viaApi('orders', orders);
    expect(ordersRun.code).toBe(2);
    expect(ordersRun.stdout).toContain('1 imported, 0 updated, 0 unchanged, 1 rejected');
    expect(ordersRun.stdout).toContain('line 3: customerRef: no customer with this externalRef');
    const listed = await fetch(`${url}/v1/orders`, { headers: { Authorization: `Bearer ${BOOTSTRAP}` } });
    expect(
      ((await listed.json()) as { items: { externalRef: string }[] }).items.map((o) => o.externalRef),
    ).toEqual(['O1']);

    const noToken = await runCli(['import', 'orders', orders, '--url', url], { AFTERCARE_DATA_DIR: dataDir });
    expect(noToken.stderr).toContain('--url needs --token or AFTERCARE_TOKEN');
    const wrongToken = await runCli(['import', 'orders', orders, '--url', url, '--token', 'ac_wrong'], {});
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('answered 401');
  }, 120_000);

  it('stops cleanly when SIGTERM arrives while the demo data is being seeded', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'start', '--demo'], {
      env: { ...process.env, AFTERCARE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    });
    children.push(child);
    let healthy = false;
    for (let i = 0; i < 300 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthy).toBe(true);
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    // The database was closed properly: the folder is free and opens again.
    expect((await runCli(['token', 'list'], { AFTERCARE_DATA_DIR: dataDir })).code).toBe(0);
  }, 120_000);

  it('stops with one line naming a bad configuration variable', async () => {
    const run = await runCli(['migrate'], { PORT: 'eighty', AFTERCARE_DATA_DIR: tempDataDir() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'aftercare: configuration: PORT: expected an integer from 0 to 65535 (got "eighty")',
    );
  });

  it('explains wrong arguments', async () => {
    const run = await runCli(['token', 'create', '--role', 'wizard', '--name', 'x'], {
      AFTERCARE_DATA_DIR: tempDataDir(),
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Allowed choices are admin, supervisor, agent, marketing, ingest');
  });
});
