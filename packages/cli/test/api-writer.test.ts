import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@aftercare/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { apiBatchWriter, retryAfterMs } from '../src/api-writer.js';

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

  it('hands refused records back by index, and gives up on a server that stays down', async () => {
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
    const stubborn = apiBatchWriter({ url: down.url, token: 'ac_feed', sleep });
    await expect(stubborn('products', [{}], { defaultConsentSource: 'import' })).rejects.toThrow(
      /answered 503: database down/,
    );
    expect(down.received).toHaveLength(10);
  });
});
