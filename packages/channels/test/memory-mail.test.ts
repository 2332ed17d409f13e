import { describe, expect, test } from 'vitest';
import { ChannelError, createMemoryMailTransport, type MailMessage } from '../src/index.js';

const mail: MailMessage = { to: 'bob@example.com', subject: 'Your complaint', text: 'We are on it.' };

describe('createMemoryMailTransport', () => {
  test('records what it sends, with the default sender and a message id', async () => {
    const at = new Date('2026-11-23T10:00:00Z');
    const mailer = createMemoryMailTransport({ from: 'care@example.com', now: () => at });

    const sent = await mailer.send({ ...mail, headers: { 'X-Aftercare-Ref': 'ntf_1' } });
    await mailer.send({ ...mail, from: 'desk@example.com' });

    expect(mailer.kind).toBe('memory');
    expect(sent.messageId).toMatch(/^<.+@aftercare\.memory>$/);
    expect(mailer.sent).toEqual([
      {
        ...mail,
        headers: { 'X-Aftercare-Ref': 'ntf_1' },
        from: 'care@example.com',
        messageId: sent.messageId,
        sentAt: at,
      },
      expect.objectContaining({ from: 'desk@example.com' }),
    ]);
  });

  test('keeps the last 1000 messages by default', async () => {
    const mailer = createMemoryMailTransport();
    for (let i = 0; i < 1005; i++) await mailer.send({ ...mail, subject: `#${i}` });

    expect(mailer.sent).toHaveLength(1000);
    expect(mailer.sent[0]?.subject).toBe('#5');
    expect(mailer.sent.at(-1)?.subject).toBe('#1004');
  });

  test('keeps the last `limit` messages', async () => {
    const mailer = createMemoryMailTransport({ limit: 2 });
    for (const subject of ['a', 'b', 'c']) await mailer.send({ ...mail, subject });
    expect(mailer.sent.map((item) => item.subject)).toEqual(['b', 'c']);
  });

  test('scripted failures fail the next sends in order, then sending works again', async () => {
    const mailer = createMemoryMailTransport();
    const custom = new ChannelError('mailbox full', {
      channel: 'mail',
      reason: 'deferred',
      permanent: false,
      status: 452,
    });
    mailer.failNext();
    mailer.failNext('permanent');
    mailer.failNext(custom);

    await expect(mailer.send(mail)).rejects.toMatchObject({ channel: 'mail', permanent: false });
    await expect(mailer.send(mail)).rejects.toMatchObject({
      channel: 'mail',
      permanent: true,
      reason: 'rejected',
    });
    await expect(mailer.send(mail)).rejects.toBe(custom);
    await expect(mailer.send(mail)).resolves.toMatchObject({ messageId: expect.any(String) });
    expect(mailer.sent).toHaveLength(1);
  });

  test('refuses what the SMTP transport refuses', async () => {
    const mailer = createMemoryMailTransport();
    await expect(mailer.send({ ...mail, to: 'a@example.com, b@example.com' })).rejects.toMatchObject({
      permanent: true,
      reason: 'invalid_recipient',
    });
    await expect(mailer.send({ ...mail, headers: { Bcc: 'eve@example.net' } })).rejects.toMatchObject({
      permanent: true,
      reason: 'invalid_message',
    });
    expect(mailer.sent).toHaveLength(0);
  });

  test('clear forgets messages and scripted failures; close stops sending', async () => {
    const mailer = createMemoryMailTransport();
    await mailer.send(mail);
    mailer.failNext('permanent');
    mailer.clear();

    await mailer.send(mail);
    expect(mailer.sent).toHaveLength(1);

    await mailer.close();
    await expect(mailer.send(mail)).rejects.toMatchObject({ reason: 'closed', permanent: false });
  });
});
