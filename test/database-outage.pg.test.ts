import { type RunningAftercare, startAftercare } from '@aftercare/cli';
import { readEnv, toConfig } from '@aftercare/config';
import { createTestDatabase, type TestDatabase } from '@aftercare/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy } from './support/tcp-proxy.js';

const BOOTSTRAP = 'outage-bootstrap-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${BOOTSTRAP}` };

function customer(n: number) {
  return {
    externalRef: `OUT-${n}`,
    name: `Outage ${n}`,
    phone: null,
    email: null,
    locale: 'en',
    timeZone: 'Europe/London',
    region: 'UK',
    tier: 'regular',
    consents: { sms: false, email: false, call: true },
  };
}

describe('the database stops while requests arrive (real PostgreSQL)', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let running: RunningAftercare;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const config = toConfig(
      readEnv({
        DATABASE_URL: url.toString(),
        PORT: '0',
        AFTERCARE_BOOTSTRAP_TOKEN: BOOTSTRAP,
        LOG_LEVEL: 'silent',
      }),
    );
    running = await startAftercare(config, { target: 'all' });
  });
  afterAll(async () => {
    await running?.stop();
    await proxy?.close();
    await database?.dispose();
  });

  const post = (n: number) =>
    fetch(`${running.url}/v1/customers`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [customer(n)] }),
    });

  it('answers 503 with Retry-After, keeps running, writes nothing, and recovers when it returns', async () => {
    expect((await post(1)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);

    await proxy.cut();
    const during = await Promise.all([
      ...Array.from({ length: 10 }, () => fetch(`${running.url}/v1/customers?limit=5`, { headers: auth })),
      ...Array.from({ length: 10 }, (_, i) => post(100 + i)),
    ]);
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ type: '/problems/unavailable' });
    }
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(503);

    await proxy.restore();
    let ready = 0;
    for (let attempt = 0; attempt < 50 && ready !== 200; attempt++) {
      ready = (await fetch(`${running.url}/readyz`)).status;
      if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ready).toBe(200);
    expect((await post(2)).status).toBe(200);

    const refs = await database.db
      .selectFrom('customers')
      .select('external_ref')
      .orderBy('external_ref')
      .execute();
    expect(refs.map((r) => r.external_ref)).toEqual(['OUT-1', 'OUT-2']);
  });

  it('survives the connection dropping in the middle of a transaction', async () => {
    // A client held between two statements has no query to report to: its error must not crash.
    const interrupted = running.ctx.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sql`select 1`.execute(trx);
    });
    await expect(interrupted).rejects.toThrow();
    await proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await fetch(`${running.url}/v1/customers?limit=1`, { headers: auth })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});
