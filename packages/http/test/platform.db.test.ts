import { createApiToken } from '@aftercare/auth';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { type AppContext, ManualClock, type ServiceModule, ValidationError } from '@aftercare/runtime';
import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRoute,
  createHttpApp,
  createMetricsRegistry,
  createRouter,
  meRoutes,
  tokenRoutes,
} from '../src/index.js';
import { createTestApp, createTestContext, TEST_BOOTSTRAP_TOKEN } from '../src/testing.js';

// A tiny module standing in for a service: one validated POST for supervisors, one that throws.
function echoModule(): ServiceModule {
  const routes = createRouter();
  routes.openapi(
    apiRoute({
      method: 'post',
      path: '/echo',
      roles: ['supervisor'],
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.strictObject({ count: z.number().int() }) } },
        },
      },
      responses: {
        200: {
          description: 'echo',
          content: { 'application/json': { schema: z.object({ count: z.number() }) } },
        },
      },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  routes.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:42');
  });
  routes.get('/invalid', () => {
    throw new ValidationError('bad', [{ field: 'x', reason: 'because' }]);
  });
  return { name: 'platform', routes, workers: [] };
}

/** The platform's own routes: /v1/me and /v1/tokens. */
function platformRoutes(ctx: AppContext): ServiceModule {
  const routes = meRoutes();
  routes.route('/', tokenRoutes(ctx));
  return { name: 'platform', routes, workers: [] };
}

describe(`HTTP platform on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, {
      env: { BODY_LIMIT_BYTES: '4096', RATE_LIMIT_PER_MINUTE: '1000' },
    });
    api = await createTestApp(ctx, (c) => [platformRoutes(c), echoModule()]);
  });
  afterAll(async () => database?.dispose());

  it('answers /healthz and /readyz without a token', async () => {
    expect(await (await api.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await api.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: testDatabaseKind() });
  });

  it('serves Prometheus metrics that count requests by route pattern', async () => {
    await api.request('/v1/me', { token: api.tokens.agent });
    const metrics = await (await api.request('/metrics')).text();
    expect(metrics).toContain('aftercare_http_requests_total{method="GET",route="/v1/me",status="200"}');
    expect(metrics).toContain('aftercare_process_cpu_seconds_total');
  });

  it('publishes an OpenAPI document generated from the route schemas, and a reference page', async () => {
    const doc = (await (await api.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/me', '/v1/tokens', '/v1/echo']));
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const page = await api.request('/docs');
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect(await (await api.request('/docs/assets/start.js')).text()).toContain("url: '/openapi.json'");
    const bundle = await api.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await api.request('/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('asks for a token on /v1 and says why a token was refused', async () => {
    const missing = await api.request('/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await missing.json()).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    const unknown = await api.request('/v1/me', { token: 'ac_forged-token-that-is-not-ours' });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/unknown, revoked or expired/);
  });

  it('accepts the bootstrap token as admin from start-up', async () => {
    const me = await api.request('/v1/me', { token: TEST_BOOTSTRAP_TOKEN });
    expect(await me.json()).toEqual({ actor: 'bootstrap', name: 'bootstrap token', role: 'admin' });
  });

  it('answers 403 for the wrong role and lets admin do anything', async () => {
    const agent = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.agent,
      json: { count: 1 },
    });
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { detail: string }).detail).toContain('the token has the role agent');
    for (const token of [api.tokens.supervisor, api.tokens.admin]) {
      const ok = await api.request('/v1/echo', { method: 'POST', token, json: { count: 2 } });
      expect(ok.status).toBe(200);
    }
    expect((await api.request('/v1/tokens', { token: api.tokens.supervisor })).status).toBe(403);
  });

  it('creates, lists and revokes tokens over the API; a revoked token stops working at once', async () => {
    const created = await api.request('/v1/tokens', {
      method: 'POST',
      token: TEST_BOOTSTRAP_TOKEN,
      json: { name: 'review feed', role: 'ingest' },
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect((await api.request('/v1/me', { token })).status).toBe(200);
    const list = (await (await api.request('/v1/tokens', { token: api.tokens.admin })).json()) as {
      items: { id: string; name: string }[];
    };
    expect(list.items.find((item) => item.id === id)?.name).toBe('review feed');
    expect(JSON.stringify(list)).not.toContain(token);
    expect(
      (await api.request(`/v1/tokens/${id}`, { method: 'DELETE', token: api.tokens.admin })).status,
    ).toBe(204);
    expect((await api.request('/v1/me', { token })).status).toBe(401);
    expect(
      (await api.request(`/v1/tokens/${id}`, { method: 'DELETE', token: api.tokens.admin })).status,
    ).toBe(404);
  });

  it("gives a person's token the person's role, names them on /v1/me, and stops it with the person", async () => {
    const db = api.ctx.db;
    const person = await db
      .insertInto('users')
      .values({
        email: 'li.na@example.test',
        name: 'Li Na',
        role: 'supervisor',
        password_hash: null,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = `usr_${person.id}`;
    const wrongRole = await api.request('/v1/tokens', {
      method: 'POST',
      token: api.tokens.admin,
      json: { name: 'Li Na, console', role: 'admin', userId },
    });
    expect(wrongRole.status).toBe(400);
    expect(await wrongRole.json()).toMatchObject({ errors: [{ field: 'role' }] });
    const nobody = await api.request('/v1/tokens', {
      method: 'POST',
      token: api.tokens.admin,
      json: { name: 'ghost', role: 'agent', userId: 'usr_999999' },
    });
    expect(nobody.status).toBe(400);
    expect(await nobody.json()).toMatchObject({ errors: [{ field: 'userId' }] });

    const created = await api.request('/v1/tokens', {
      method: 'POST',
      token: api.tokens.admin,
      json: { name: 'Li Na, console', role: 'supervisor', userId },
    });
    expect(created.status).toBe(201);
    const { token, id } = (await created.json()) as { token: string; id: string; userId: string };
    expect(await (await api.request('/v1/me', { token })).json()).toMatchObject({
      role: 'supervisor',
      userId,
    });
    const list = (await (await api.request('/v1/tokens', { token: api.tokens.admin })).json()) as {
      items: { id: string; userId: string | null }[];
    };
    expect(list.items.find((item) => item.id === id)?.userId).toBe(userId);

    await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', person.id).execute();
    expect((await api.request('/v1/me', { token })).status).toBe(401);
  });

  it('refuses a token once it has expired', async () => {
    const clock = new ManualClock('2026-03-01T09:00:00Z');
    const ctx = await createTestContext(database, { clock });
    const expiring = await createTestApp(ctx, (c) => [platformRoutes(c)]);
    const { token } = await createApiToken(ctx, {
      name: 'short-lived',
      role: 'agent',
      createdBy: 'test',
      expiresInDays: 1,
    });
    expect((await expiring.request('/v1/me', { token })).status).toBe(200);
    clock.advance(86_400_000 + 1000);
    const expired = await expiring.request('/v1/me', { token });
    expect(expired.status).toBe(401);
  });

  it('rejects malformed JSON, wrong types and unknown fields as problem+json naming the field', async () => {
    const malformed = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.admin,
      headers: { 'Content-Type': 'application/json' },
      body: '{"count": 1',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ type: '/problems/malformed-request' });

    const wrongType = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.admin,
      json: { count: 'two' },
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({
      type: '/problems/validation',
      errors: [{ field: 'count' }],
    });

    const unknownField = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.admin,
      json: { count: 1, extra: true },
    });
    expect(unknownField.status).toBe(400);

    const notJson = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.admin,
      headers: { 'Content-Type': 'text/plain' },
      body: 'count=1',
    });
    expect(notJson.status).toBe(415);
  });

  it('answers 413 for a body over the limit without reading it all', async () => {
    const big = await api.request('/v1/echo', {
      method: 'POST',
      token: api.tokens.admin,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: 1, pad: 'x'.repeat(10_000) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ type: '/problems/payload-too-large' });
  });

  it('hides internals of unexpected failures behind a request id', async () => {
    const failed = await api.request('/v1/boom', { token: api.tokens.admin });
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { detail: string; requestId: string };
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect(body.requestId).toBe(failed.headers.get('x-request-id'));
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const missing = await api.request('/v1/nothing-here', { token: api.tokens.admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('sets secure headers', async () => {
    const res = await api.request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe(`readiness on ${testDatabaseKind()}`, () => {
  it('is not ready until every migration is applied, and names the missing ones', async () => {
    const unmigrated = await createTestDatabase({ migrate: false });
    try {
      const app = createHttpApp(await createTestContext(unmigrated), [], createMetricsRegistry());
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { detail: string }).detail).toMatch(
        /^migrations not applied: 20261122T120000/,
      );
    } finally {
      await unmigrated.dispose();
    }
  });
});

describe(`rate limit on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.dispose());

  it('answers 429 with Retry-After once a token passes its limit a minute', async () => {
    const ctx = await createTestContext(database, { env: { RATE_LIMIT_PER_MINUTE: '5' } });
    const api = await createTestApp(ctx, (c) => [platformRoutes(c)]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await api.request('/v1/me', { token: api.tokens.agent })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await api.request('/v1/me', { token: api.tokens.agent });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    // Another token has its own budget.
    expect((await api.request('/v1/me', { token: api.tokens.supervisor })).status).toBe(200);
  });

  it('counts a token however its header is spaced, and throttles guessing from one address', async () => {
    const ctx = await createTestContext(database, { env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const api = await createTestApp(ctx, (c) => [platformRoutes(c)]);
    const spaced = [' ', '  ', '\t', '   '].map((gap) =>
      api.request('/v1/me', { headers: { Authorization: `Bearer${gap}${api.tokens.agent}` } }),
    );
    // Sent at once, so which one is refused depends on timing; how many is what counts.
    expect((await Promise.all(spaced)).map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);

    const guesses: number[] = [];
    for (let i = 0; i < 14; i++)
      guesses.push((await api.request('/v1/me', { token: `ac_guess${i}` })).status);
    // 4 answered above, the address may make 12 requests a minute (4 x 3): then 429 even for guesses.
    expect(guesses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(guesses.slice(-2)).toEqual([429, 429]);
  });

  it('puts /metrics behind a token when METRICS_PUBLIC is false', async () => {
    const ctx = await createTestContext(database, { env: { METRICS_PUBLIC: 'false' } });
    const api = await createTestApp(ctx, () => []);
    expect((await api.request('/metrics')).status).toBe(401);
    expect((await api.request('/metrics', { token: 'ac_wrong' })).status).toBe(401);
    expect((await api.request('/metrics', { token: api.tokens.ingest })).status).toBe(200);
    expect((await api.request('/healthz')).status).toBe(200);
  });
});
