import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@aftercare/db/testing';
import { createLogger } from '@aftercare/logger';
import { type FieldProblem, HealthBoard, type ServiceModule, ValidationError } from '@aftercare/runtime';
import { listLimit } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoute, createRouter, errorResponses, MAX_LISTED_ERRORS } from '../src/index.js';
import { createTestApp, createTestContext } from '../src/testing.js';

/** Routes of each shape a service needs: NDJSON in, form posts, POST without a body, a list. */
function shapesModule(): ServiceModule {
  const routes = createRouter();
  routes.openapi(
    apiRoute({
      method: 'post',
      path: '/shapes/stream',
      roles: ['ingest'],
      request: {
        body: { required: true, content: { 'application/x-ndjson': { schema: z.string() } } },
      },
      responses: {
        200: {
          description: 'lines',
          content: { 'application/json': { schema: z.object({ lines: z.number() }) } },
        },
      },
    }),
    async (c) => c.json({ lines: (await c.req.text()).split('\n').filter(Boolean).length }, 200),
  );
  routes.openapi(
    apiRoute({
      method: 'post',
      path: '/shapes/receipt',
      roles: ['ingest'],
      request: {
        body: {
          required: true,
          content: { 'application/x-www-form-urlencoded': { schema: z.object({ MessageSid: z.string() }) } },
        },
      },
      responses: {
        200: { description: 'ok', content: { 'application/json': { schema: z.object({ id: z.string() }) } } },
      },
    }),
    (c) => c.json({ id: c.req.valid('form').MessageSid }, 200),
  );
  routes.openapi(
    apiRoute({
      method: 'post',
      path: '/shapes/claim',
      roles: ['agent'],
      responses: {
        200: {
          description: 'claimed',
          content: { 'application/json': { schema: z.object({ claimed: z.boolean() }) } },
        },
      },
    }),
    (c) => c.json({ claimed: true }, 200),
  );
  routes.openapi(
    apiRoute({
      method: 'get',
      path: '/shapes',
      roles: ['agent'],
      request: { query: z.strictObject({ limit: listLimit(), region: z.string().optional() }) },
      responses: {
        200: {
          description: 'a page',
          content: { 'application/json': { schema: z.object({ limit: z.number() }) } },
        },
      },
    }),
    (c) => c.json({ limit: c.req.valid('query').limit }, 200),
  );
  routes.openapi(
    apiRoute({
      method: 'get',
      path: '/shapes/many-problems',
      roles: ['agent'],
      responses: { 200: { description: 'never' }, ...errorResponses(404) },
    }),
    () => {
      const problems: FieldProblem[] = Array.from({ length: 55_000 }, (_, index) => ({
        index: Math.floor(index / 11),
        field: 'phone',
        reason: 'not a valid phone number',
      }));
      throw new ValidationError('all bad', problems);
    },
  );
  routes.get('/shapes/customer/:ref', (c) => c.json({ ref: c.req.param('ref') }));
  routes.get('/shapes/broken/:ref', () => {
    throw new Error('the database fell over');
  });
  return { name: 'platform', routes, workers: [] };
}

function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe(`HTTP edges on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof createTestApp>>;
  const logs = captureLogs();
  const health = new HealthBoard();

  beforeAll(async () => {
    database = await createTestDatabase();
    const ctx = await createTestContext(database, {
      env: { CORS_ORIGINS: 'https://care.example.com' },
      logger: logs.logger,
      health,
    });
    api = await createTestApp(ctx, () => [shapesModule()]);
  });
  afterAll(async () => database?.dispose());

  it('takes NDJSON and form bodies where a route declares them, 415 otherwise', async () => {
    const ndjson = await api.request('/v1/shapes/stream', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: '{"text":"a"}\n{"text":"b"}\n',
    });
    expect(ndjson.status).toBe(200);
    expect(await ndjson.json()).toEqual({ lines: 2 });
    const jsonToNdjson = await api.request('/v1/shapes/stream', {
      method: 'POST',
      token: api.tokens.ingest,
      json: {},
    });
    expect(jsonToNdjson.status).toBe(415);
    expect(((await jsonToNdjson.json()) as { detail: string }).detail).toContain('application/x-ndjson');

    const form = await api.request('/v1/shapes/receipt', {
      method: 'POST',
      token: api.tokens.ingest,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'MessageSid=SM123&Status=delivered',
    });
    expect(await form.json()).toEqual({ id: 'SM123' });
  });

  it('accepts a POST with no body and no Content-Type where a route takes none, and refuses a body', async () => {
    const empty = await api.request('/v1/shapes/claim', { method: 'POST', token: api.tokens.agent });
    expect(empty.status).toBe(200);
    const withBody = await api.request('/v1/shapes/claim', {
      method: 'POST',
      token: api.tokens.agent,
      json: { x: 1 },
    });
    expect(withBody.status).toBe(415);
  });

  it('names an unknown query parameter and refuses a limit not written in digits', async () => {
    const unknown = await api.request('/v1/shapes?color=red', { token: api.tokens.agent });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: FieldProblem[] }).errors).toEqual([
      { field: 'color', reason: 'is not a field we know' },
    ]);
    for (const limit of ['0x10', '1e2', '-1', '16.0', '501']) {
      const res = await api.request(`/v1/shapes?limit=${limit}`, { token: api.tokens.agent });
      expect(res.status, limit).toBe(400);
      expect(((await res.json()) as { errors: FieldProblem[] }).errors[0]?.field, limit).toBe('limit');
    }
    expect(await (await api.request('/v1/shapes?limit=16', { token: api.tokens.agent })).json()).toEqual({
      limit: 16,
    });
  });

  it('lists at most the first 1,000 field problems and says how many there were', async () => {
    const res = await api.request('/v1/shapes/many-problems', { token: api.tokens.agent });
    const body = (await res.json()) as { errors: FieldProblem[]; errorCount: number };
    expect(res.status).toBe(400);
    expect(body.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(body.errorCount).toBe(55_000);
    expect(JSON.stringify(body).length).toBeLessThan(100_000);
  });

  it('answers a known path asked with another method 405 with Allow, before and after auth', async () => {
    const put = await api.request('/v1/shapes', { method: 'PUT', token: api.tokens.agent, json: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    expect(await put.json()).toMatchObject({ type: '/problems/method-not-allowed' });
    const patch = await api.request('/v1/shapes/claim', { method: 'PATCH', token: api.tokens.agent });
    expect(patch.headers.get('allow')).toBe('POST');
    expect((await api.request('/v1/shapes', { method: 'PUT' })).status).toBe(401);
  });

  it('answers CORS preflights before auth: allowed origins get the headers, others none', async () => {
    const preflight = (origin: string) =>
      api.request('/v1/shapes', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const allowed = await preflight('https://care.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://care.example.com');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('tells browsers and proxies not to keep /v1 answers, errors included', async () => {
    for (const init of [{ token: api.tokens.agent }, {}]) {
      const res = await api.request('/v1/shapes', init);
      expect(res.headers.get('cache-control'), String(res.status)).toBe('no-store');
    }
    expect((await api.request('/healthz')).headers.get('cache-control')).toBeNull();
  });

  it('serves /docs with a Content-Security-Policy that allows only our own scripts', async () => {
    const policy = (await api.request('/docs')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("'unsafe-eval'");
  });

  it('masks e-mail addresses and phone numbers in logged paths, also when they came percent-encoded', async () => {
    await api.request('/v1/shapes/customer/jane.doe%40example.com', { token: api.tokens.agent });
    await api.request('/v1/shapes/customer/%2B8613812345678', { token: api.tokens.agent });
    // The error log of an unexpected failure names the path too.
    expect(
      (await api.request('/v1/shapes/broken/jane.doe%40example.com', { token: api.tokens.agent })).status,
    ).toBe(500);
    const text = logs.lines.join('');
    expect(text).not.toContain('jane.doe');
    expect(text).not.toMatch(/%40example|%2B86138/);
    expect(text).not.toContain('13812345678');
    expect(text).toContain('j***@example.com');
  });

  it('is not ready while start-up work holds it or a worker keeps crashing, and exports worker gauges', async () => {
    const release = health.hold('seeding the demo data');
    const seeding = await api.request('/readyz');
    expect(seeding.status).toBe(503);
    expect(((await seeding.json()) as { detail: string }).detail).toContain('seeding the demo data');
    expect((await api.request('/healthz')).status).toBe(200);
    release();
    expect((await api.request('/readyz')).status).toBe(200);

    health.reportWorker({
      name: 'work:messages',
      state: 'failing',
      restarts: 4,
      consecutiveCrashes: 4,
      lastError: 'Error: boom',
    });
    const failing = await api.request('/readyz');
    expect(failing.status).toBe(503);
    expect(((await failing.json()) as { detail: string }).detail).toContain('work:messages keeps crashing');
    const metrics = await (await api.request('/metrics')).text();
    expect(metrics).toContain('aftercare_worker_up{worker="work:messages"} 0');
    expect(metrics).toContain('aftercare_worker_restarts_total{worker="work:messages"} 4');
    health.reportWorker({
      name: 'work:messages',
      state: 'running',
      restarts: 4,
      consecutiveCrashes: 0,
      lastError: null,
    });
    expect((await api.request('/readyz')).status).toBe(200);
  });
});
