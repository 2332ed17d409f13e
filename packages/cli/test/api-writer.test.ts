import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@aftercare/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { apiBatchWriter, backoffMs, retryAfterMs } from '../src/api-writer.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T09:00:00Z');
  it('reads seconds and HTTP dates, and waits a second for anything else', () => {
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(1000);
    expect(retryAfterMs('soon', now)).toBe(1000);
  });
});

describe('apiBatchWriter against a server', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  /** A server that answers each POST with the next of `answers` and records what it was sent. */
  async function serve(answers: { status: number; headers?: Record<string, string>; body: unknown }[]) {
    const received: { url: string; authorization: string; items: Record<string, unknown>[] }[] = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({
          url: request.url ?? '',
          authorization: request.headers.authorization ?? '',
          ...JSON.parse(body),
        });
        const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
        response.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
  }

  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };

  it('waits out 429 and 503 as the server asks, then delivers the batch', async () => {
    waits.length = 0;
    const { url, received } = await serve([
      { status: 503, headers: { 'Retry-After': '5' }, body: { type: '/problems/unavailable' } },
      { status: 429, headers: { 'Retry-After': '2' }, body: { type: '/problems/rate-limited' } },
      { status: 200, body: { inserted: 1, updated: 0, unchanged: 0 } },
    ]);
    const write = apiBatchWriter({ url: `${url}/`, token: 'ac_feed', sleep });
    const result = await write('customers', [{ externalRef: 'C1' }], { defaultConsentSource: 'import' });
    expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(waits).toEqual([5000, 2000]);
    expect(received).toHaveLength(3);
    expect(received[2]).toMatchObject({
      url: '/v1/customers',
      authorization: 'Bearer ac_feed',
      items: [{ externalRef: 'C1', consentSource: 'import' }],
    });
  });

  it('hands refused records back by index, and gives up on a server that stays down past the window', async () => {
    const refused = await serve([
      {
        status: 400,
        body: {
          detail: 'rejected',
          errors: [{ index: 0, field: 'sku', reason: 'no product with this SKU' }],
        },
      },
    ]);
    const write = apiBatchWriter({ url: refused.url, token: 'ac_feed', sleep });
    const error = await write('orders', [{}], { defaultConsentSource: 'import' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { index: 0, field: 'sku', reason: 'no product with this SKU' },
    ]);
    await new Promise<void>((done) => server!.close(() => done()));

    const down = await serve([
      { status: 503, headers: { 'Retry-After': '1' }, body: { detail: 'database down' } },
    ]);
    const clock = fakeClock();
    const stubborn = apiBatchWriter({ url: down.url, token: 'ac_feed', retryForMs: 9_500, ...clock });
    await expect(stubborn('products', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(
      `gave up after retrying for 9.5 s: ${down.url} answered 503: database down`,
    );
    // Retry-After (1 s) or the growing backoff, whichever is longer, and a last try at the window's end.
    expect(clock.waits).toEqual([1000, 1000, 1500, 3000, 3000]);
    expect(down.received).toHaveLength(6);
  });
});

/** A clock that only moves when the writer sleeps, and records each wait. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

/** What fetch throws when nothing listens on the port. */
function connectionRefused(): TypeError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' });
  return new TypeError('fetch failed', { cause });
}

describe('apiBatchWriter while the server is unreachable', () => {
  const ok = () =>
    new Response(JSON.stringify({ inserted: 1, updated: 0, unchanged: 0 }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });

  /** A fetch that is refused `failures` times, then answers 200. */
  function restartingServer(failures: number) {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls++;
      if (calls <= failures) throw connectionRefused();
      return ok();
    };
    return { fetch, calls: () => calls };
  }

  it('retries a refused connection with growing, jittered, capped waits until the server is back', async () => {
    const server = restartingServer(7);
    const clock = fakeClock();
    const notices: string[] = [];
    const write = apiBatchWriter({
      url: 'http://127.0.0.1:8080',
      token: 'ac_feed',
      fetch: server.fetch,
      onRetry: ({ reason }) => notices.push(reason),
      ...clock,
    });
    const result = await write('orders', [{}], { defaultConsentSource: 'import' });
    expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(server.calls()).toBe(8);
    // Half a second doubling, capped at 10 s, each scaled by 0.5 to 1 (here 0.75).
    expect(clock.waits).toEqual([375, 750, 1500, 3000, 6000, 7500, 7500]);
    expect(notices[0]).toBe('cannot reach http://127.0.0.1:8080: connect ECONNREFUSED 127.0.0.1:8080');
  });

  it('gives up after the retry window with a message that says for how long and why', async () => {
    const server = restartingServer(Number.POSITIVE_INFINITY);
    const clock = fakeClock();
    const write = apiBatchWriter({
      url: 'http://127.0.0.1:8080',
      token: 'ac_feed',
      fetch: server.fetch,
      retryForMs: 60_000,
      ...clock,
    });
    await expect(write('orders', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(
      'gave up after retrying for 60 s: cannot reach http://127.0.0.1:8080: connect ECONNREFUSED 127.0.0.1:8080',
    );
    const waited = clock.waits.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBe(60_000);
    expect(Math.max(...clock.waits)).toBeLessThanOrEqual(10_000);
  });

  it('does not retry what can never succeed: a port fetch refuses to use', async () => {
    const clock = fakeClock();
    const write = apiBatchWriter({ url: 'http://127.0.0.1:1', token: 't', ...clock });
    await expect(write('orders', [{}], { defaultConsentSource: 'import' })).rejects.toThrow('fetch failed');
    expect(clock.waits).toEqual([]);
  });

  it('retries a real refused connection, as fetch reports it', async () => {
    const clock = fakeClock();
    // A port nothing listens on: the listener is closed before the writer tries it.
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((done) => closed.close(() => done()));
    const write = apiBatchWriter({
      url: `http://127.0.0.1:${port}`,
      token: 't',
      retryForMs: 1_000,
      ...clock,
    });
    await expect(write('orders', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(clock.waits.length).toBeGreaterThan(1);
  });
});

describe('backoffMs', () => {
  it('doubles from half a second and never waits more than 10 s, jitter included', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000,
    ]);
    expect(backoffMs(30, () => 0)).toBe(5000);
    expect(backoffMs(100, () => 0.999)).toBeLessThanOrEqual(10_000);
  });
});

describe('apiBatchWriter against servers that misbehave', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('gives up within its window on a server that accepts and never answers', async () => {
    const url = await listen(() => {});
    const write = apiBatchWriter({ url, token: 't', retryForMs: 1_500 });
    const started = Date.now();
    await expect(write('orders', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(
      /gave up after retrying for 1\.5 s: cannot reach .*no answer in time/,
    );
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('backs off even when the server says Retry-After: 0, instead of flooding it', async () => {
    let requests = 0;
    const url = await listen((_request, response) => {
      requests++;
      response.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'application/json' });
      response.end('{}');
    });
    const clock = fakeClock();
    const write = apiBatchWriter({ url, token: 't', retryForMs: 30_000, ...clock });
    await expect(write('orders', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(/gave up/);
    expect(requests).toBeLessThan(20);
    expect(clock.waits.every((ms) => ms >= 375)).toBe(true);
  });

  it('retries a 502 or 504 from a proxy in front of a restarting server', async () => {
    let requests = 0;
    const url = await listen((_request, response) => {
      requests++;
      const status = requests === 1 ? 502 : requests === 2 ? 504 : 200;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { inserted: 1, updated: 0, unchanged: 0 } : {}));
    });
    const write = apiBatchWriter({ url, token: 't', ...fakeClock() });
    expect(await write('orders', [{}], { defaultConsentSource: 'import' })).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(requests).toBe(3);
  });
});
