import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createTestApp, createTestContext } from '@aftercare/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesFor } from '../src/targets.js';

/** The process that mounts everything: an erasure there reaches every registered owner's tables. */
describe(`a customer's erasure across services on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await createTestApp(await createTestContext(database), (c) => modulesFor('all', c));
  });
  afterAll(async () => database?.dispose());

  it('blanks what the customer wrote in complaints, keeps the complaint, and exports it before', async () => {
    const customer = {
      externalRef: 'C-ERASE',
      name: '张伟',
      phone: '+8613812345678',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      region: 'CN-Shanghai',
      tier: 'regular',
      consents: { sms: true, email: true, call: true },
    };
    expect(
      (
        await api.request('/v1/customers', {
          method: 'POST',
          token: api.tokens.ingest,
          json: { items: [customer] },
        })
      ).status,
    ).toBe(200);
    const opened = await api.request('/v1/complaints', {
      method: 'POST',
      token: api.tokens.ingest,
      json: {
        externalRef: 'ZD-ERASE',
        customerRef: 'C-ERASE',
        channel: 'phone',
        category: 'service',
        text: '我叫张伟，电话13812345678，客服没回我',
      },
    });
    const { id } = (await opened.json()) as { id: string };

    const exported = (await (
      await api.request('/v1/customers/C-ERASE/export', { token: api.tokens.supervisor })
    ).json()) as {
      sections: Record<string, { complaints?: { text: string }[] }>;
    };
    expect(exported.sections.scheduler?.complaints?.[0]?.text).toContain('张伟');

    const erased = await api.request('/v1/customers/C-ERASE/erase', {
      method: 'POST',
      token: api.tokens.admin,
    });
    expect(erased.status).toBe(200);
    const after = (await (await api.request(`/v1/complaints/${id}`, { token: api.tokens.agent })).json()) as {
      text: string;
      category: string;
    };
    expect(after).toMatchObject({ text: '[erased]', category: 'service' });
  });
});
