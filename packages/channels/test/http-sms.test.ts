import { describe, expect, onTestFinished, test } from 'vitest';
import {
  ChannelError,
  createHttpSmsTransport,
  type HttpSmsOptions,
  type SmsTransport,
} from '../src/index.js';
import { json, type Reply, startHttpServer } from './support/http-server.js';
import { closedPort } from './support/smtp-server.js';

const token = 'tok_live_abc123';
const message = { to: '+447911123456', body: 'Your callback is at 3pm.', reference: 'ntf_01HZX' };

async function provider(reply: Reply) {
  const server = await startHttpServer(reply);
  onTestFinished(() => server.close());
  return server;
}

function transport(options: Partial<HttpSmsOptions> & { url: string }): SmsTransport {
  const sms = createHttpSmsTransport({ token, timeoutMs: 2_000, ...options });
  onTestFinished(() => sms.close());
  return sms;
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ChannelError, the send resolved with ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  // Whatever went wrong, the number shows only its last four digits and the token not at all.
  expect(error.message).not.toContain('7911123456');
  expect(error.message).not.toContain(token);
  return error;
}

describe('createHttpSmsTransport', () => {
  test('posts the message as JSON with the bearer token and the reference as Idempotency-Key', async () => {
    const server = await provider(json(201, { id: 'msg_9f2', status: 'queued' }));
    const sms = transport({ url: server.url });

    const sent = await sms.send(message);

    expect(sent).toEqual({ providerId: 'msg_9f2' });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${token}`);
    expect(request?.headers['idempotency-key']).toBe('ntf_01HZX');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(message);
  });

  test('a numeric provider id comes back as a string', async () => {
    const server = await provider(json(200, { id: 12345 }));
    await expect(transport({ url: server.url }).send(message)).resolves.toEqual({ providerId: '12345' });
  });

  test('a 2xx answer without an id is temporary: the Idempotency-Key makes a retry safe', async () => {
    const server = await provider(json(202, { ok: true }));
    const error = await failure(transport({ url: server.url }).send(message));
    expect(error).toMatchObject({ channel: 'sms', permanent: false, reason: 'bad_response', status: 202 });
  });

  test('a 400 is permanent and its description is masked', async () => {
    const server = await provider(json(400, { error: 'number +447911123456 is a landline' }));
    const error = await failure(transport({ url: server.url }).send(message));
    expect(error).toMatchObject({ channel: 'sms', permanent: true, reason: 'rejected', status: 400 });
    expect(error.message).toContain('+********3456');
    expect(error.message).toContain('is a landline');
  });

  test('a 503 with Retry-After in seconds is temporary and carries retryAfterMs', async () => {
    const server = await provider(json(503, { error: 'maintenance' }, { 'retry-after': '30' }));
    const error = await failure(transport({ url: server.url }).send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'deferred', status: 503, retryAfterMs: 30_000 });
  });

  test('a 429 with Retry-After as a date is a temporary rate limit', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const server = await provider(json(429, { error: 'slow down' }, { 'retry-after': at }));
    const error = await failure(transport({ url: server.url }).send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'rate_limited', status: 429 });
    expect(error.retryAfterMs, `retryAfterMs was ${error.retryAfterMs}`).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  test('408 and 409 are temporary, 422 is permanent', async () => {
    for (const [status, permanent] of [
      [408, false],
      [409, false],
      [422, true],
    ] as const) {
      const server = await provider(json(status, { error: 'x' }));
      const error = await failure(transport({ url: server.url }).send(message));
      expect(error, `status ${status}`).toMatchObject({ status, permanent });
    }
  });

  test('a refused token is temporary: fixing the configuration lets the message through', async () => {
    const server = await provider(json(401, { error: 'bad token' }));
    const error = await failure(transport({ url: server.url }).send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'auth', status: 401 });
  });

  test('a provider that never answers times out as a temporary error', async () => {
    const server = await provider(() => {});
    const started = Date.now();
    const error = await failure(transport({ url: server.url, timeoutMs: 150 }).send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'timeout' });
    expect(Date.now() - started, 'gave up near the deadline').toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  test('a provider that stalls in the middle of its answer times out too', async () => {
    const server = await provider((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":');
    });
    const error = await failure(transport({ url: server.url, timeoutMs: 150 }).send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'timeout' });
  });

  test('a provider that is down is a temporary error', async () => {
    const sms = transport({ url: `http://127.0.0.1:${await closedPort()}/v1/messages` });
    const error = await failure(sms.send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'unreachable' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('a number that is not E.164 is permanent and sends no request', async () => {
    const server = await provider(json(201, { id: 'never' }));
    const sms = transport({ url: server.url });
    for (const to of ['07911123456', '+44 7911 123456', '+44791112345', '+447700900123', 'call me', '']) {
      const error = await failure(sms.send({ ...message, to }));
      expect(error, `to=${JSON.stringify(to)}`).toMatchObject({
        permanent: true,
        reason: 'invalid_recipient',
      });
    }
    expect(server.requests).toHaveLength(0);
  });

  test('an empty body or a reference unfit for a header is permanent and sends no request', async () => {
    const server = await provider(json(201, { id: 'never' }));
    const sms = transport({ url: server.url });
    for (const bad of [{ body: '  ' }, { reference: '' }, { reference: 'ntf_1\r\nX-Evil: 1' }]) {
      const error = await failure(sms.send({ ...message, ...bad }));
      expect(error, JSON.stringify(bad)).toMatchObject({ permanent: true, reason: 'invalid_message' });
    }
    expect(server.requests).toHaveLength(0);
  });

  test('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const sms = createHttpSmsTransport({
      url: 'https://sms.example.com/v1/messages',
      token,
      timeoutMs: 1_000,
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ id: 'fake_1' }), { status: 200 });
      },
    });
    await expect(sms.send(message)).resolves.toEqual({ providerId: 'fake_1' });
    expect(calls).toEqual(['https://sms.example.com/v1/messages']);
  });

  test('refuses to send after close', async () => {
    const server = await provider(json(201, { id: 'x' }));
    const sms = transport({ url: server.url });
    await sms.close();
    const error = await failure(sms.send(message));
    expect(error).toMatchObject({ permanent: false, reason: 'closed' });
    expect(server.requests).toHaveLength(0);
  });
});
