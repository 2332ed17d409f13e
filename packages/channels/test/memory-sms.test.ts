import { describe, expect, test } from 'vitest';
import { ChannelError, createMemorySmsTransport, type SmsMessage } from '../src/index.js';

const sms: SmsMessage = { to: '+447911123456', body: 'See you at 3pm.', reference: 'ntf_1' };

describe('createMemorySmsTransport', () => {
  test('records what it sends with a provider id', async () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const transport = createMemorySmsTransport({ now: () => at });

    const sent = await transport.send(sms);

    expect(transport.kind).toBe('memory');
    expect(sent).toEqual({ providerId: 'mem_sms_1' });
    expect(transport.sent).toEqual([{ ...sms, providerId: 'mem_sms_1', sentAt: at }]);
  });

  test('treats the reference as an idempotency key, like a provider', async () => {
    const transport = createMemorySmsTransport();
    const first = await transport.send(sms);
    const again = await transport.send({ ...sms, body: 'changed' });
    const other = await transport.send({ ...sms, reference: 'ntf_2' });

    expect(again).toEqual(first);
    expect(other.providerId).not.toBe(first.providerId);
    expect(transport.sent.map((item) => item.reference)).toEqual(['ntf_1', 'ntf_2']);
  });

  test('keeps the last 1000 messages by default, or `limit`', async () => {
    const transport = createMemorySmsTransport();
    for (let i = 0; i < 1003; i++) await transport.send({ ...sms, reference: `ntf_${i}` });
    expect(transport.sent).toHaveLength(1000);
    expect(transport.sent[0]?.reference).toBe('ntf_3');

    const small = createMemorySmsTransport({ limit: 1 });
    await small.send({ ...sms, reference: 'a' });
    await small.send({ ...sms, reference: 'b' });
    expect(small.sent.map((item) => item.reference)).toEqual(['b']);
  });

  test('scripted failures fail the next sends in order', async () => {
    const transport = createMemorySmsTransport();
    const custom = new ChannelError('throttled', {
      channel: 'sms',
      reason: 'rate_limited',
      permanent: false,
      retryAfterMs: 5_000,
    });
    transport.failNext('permanent');
    transport.failNext(custom);

    await expect(transport.send(sms)).rejects.toMatchObject({ channel: 'sms', permanent: true });
    await expect(transport.send(sms)).rejects.toMatchObject({ retryAfterMs: 5_000 });
    await expect(transport.send(sms)).resolves.toEqual({ providerId: 'mem_sms_1' });
  });

  test('refuses a number that is not E.164, masking it', async () => {
    const transport = createMemorySmsTransport();
    const error = await transport.send({ ...sms, to: '07911123456' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ permanent: true, reason: 'invalid_recipient' });
    expect(String(error)).not.toContain('07911123456');
    expect(transport.sent).toHaveLength(0);
  });

  test('clear forgets messages and scripted failures; close stops sending', async () => {
    const transport = createMemorySmsTransport();
    await transport.send(sms);
    transport.failNext();
    transport.clear();

    await transport.send({ ...sms, reference: 'ntf_2' });
    expect(transport.sent).toHaveLength(1);

    await transport.close();
    await expect(transport.send(sms)).rejects.toMatchObject({ reason: 'closed', permanent: false });
  });
});
