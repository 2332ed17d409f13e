import { describe, expect, onTestFinished, test } from 'vitest';
import {
  ChannelError,
  createSmtpMailTransport,
  type MailTransport,
  type SmtpMailOptions,
} from '../src/index.js';
import { closedPort, startSilentServer, startSmtpServer, waitForMail } from './support/smtp-server.js';

/** A transport closed when the test ends, whatever the outcome. */
function transport(options: SmtpMailOptions): MailTransport {
  const mailer = createSmtpMailTransport(options);
  onTestFinished(() => mailer.close());
  return mailer;
}

async function server(options?: Parameters<typeof startSmtpServer>[0]) {
  const started = await startSmtpServer(options);
  onTestFinished(() => started.close());
  return started;
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ChannelError, the send resolved with ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

const from = 'Aftercare <care@example.com>';

describe('createSmtpMailTransport', () => {
  test('delivers a real message with subject, recipient, text and custom headers', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://care:s3cret@127.0.0.1:${smtp.port}`, from });

    const sent = await mailer.send({
      to: 'Bob Example <bob@example.com>',
      subject: 'Your complaint cmp_42 — update',
      text: 'We have called the courier.',
      html: '<p>We have called the courier.</p>',
      headers: { 'List-Unsubscribe': '<mailto:unsubscribe@example.com>', 'X-Aftercare-Ref': 'ntf_7' },
    });

    const [mail] = await waitForMail(smtp, 1);
    expect(mail?.user, 'the credentials of the url were used').toBe('care');
    expect(smtp.logins).toEqual([{ username: 'care', password: 's3cret' }]);
    expect(mail?.envelope).toEqual({ from: 'care@example.com', to: ['bob@example.com'] });
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('Your complaint cmp_42 — update');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : parsed.to).toEqual([
      { address: 'bob@example.com', name: '' },
    ]);
    expect(parsed.from?.value).toEqual([{ address: 'care@example.com', name: 'Aftercare' }]);
    expect(parsed.text?.trim()).toBe('We have called the courier.');
    expect(parsed.html).toContain('<p>We have called the courier.</p>');
    expect(parsed.headers.get('x-aftercare-ref')).toBe('ntf_7');
    expect(parsed.headerLines.find((line) => line.key === 'list-unsubscribe')?.line).toBe(
      'List-Unsubscribe: <mailto:unsubscribe@example.com>',
    );
    expect(sent.messageId).toBe(parsed.messageId);
  });

  test('uses the message sender over the default one', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    await mailer.send({ to: 'bob@example.com', from: 'desk@example.com', subject: 's', text: 't' });

    const [mail] = await waitForMail(smtp, 1);
    expect(mail?.envelope.from).toBe('desk@example.com');
    expect(mail?.parsed.from?.text).toBe('desk@example.com');
  });

  test('a pooled transport delivers several messages and closes its connections', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from, pool: { maxConnections: 2 } });

    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        mailer.send({ to: `${name}@example.com`, subject: name, text: name }),
      ),
    );
    await mailer.close();

    const mails = await waitForMail(smtp, 4);
    expect(mails.map((mail) => mail.parsed.subject).sort()).toEqual(['a', 'b', 'c', 'd']);
    await expect(mailer.send({ to: 'e@example.com', subject: 'e', text: 'e' })).rejects.toMatchObject({
      reason: 'closed',
      permanent: false,
    });
  });

  test('a 550 on RCPT TO is a permanent error that does not show the whole address', async () => {
    const smtp = await server({ refuseRecipients: { 'nobody@example.com': 550 } });
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    const error = await failure(mailer.send({ to: 'nobody@example.com', subject: 's', text: 't' }));

    expect(error).toMatchObject({
      channel: 'mail',
      permanent: true,
      reason: 'invalid_recipient',
      status: 550,
    });
    expect(error.message).toContain('n***@example.com');
    expect(error.message).not.toContain('nobody@example.com');
    expect(smtp.received).toHaveLength(0);
  });

  test('a 451 on RCPT TO is temporary', async () => {
    const smtp = await server({ refuseRecipients: { 'busy@example.com': 451 } });
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    const error = await failure(mailer.send({ to: 'busy@example.com', subject: 's', text: 't' }));

    expect(error).toMatchObject({ permanent: false, reason: 'deferred', status: 451 });
  });

  test('a server that is down is a temporary error', async () => {
    const mailer = transport({ url: `smtp://127.0.0.1:${await closedPort()}`, from });

    const error = await failure(mailer.send({ to: 'bob@example.com', subject: 's', text: 't' }));

    expect(error).toMatchObject({ channel: 'mail', permanent: false, reason: 'unreachable' });
  });

  test('a server that never greets times out as a temporary error', async () => {
    const silent = await startSilentServer();
    onTestFinished(() => silent.close());
    const mailer = transport({ url: `smtp://127.0.0.1:${silent.port}`, from, timeoutMs: 200 });

    const error = await failure(mailer.send({ to: 'bob@example.com', subject: 's', text: 't' }));

    expect(error).toMatchObject({ permanent: false, reason: 'timeout' });
  });

  test('refused credentials are temporary: the message is fine, the configuration is not', async () => {
    const smtp = await server({ refuseLogin: true });
    const mailer = transport({ url: `smtp://care:wrong@127.0.0.1:${smtp.port}`, from });

    const error = await failure(mailer.send({ to: 'bob@example.com', subject: 's', text: 't' }));

    expect(error).toMatchObject({ permanent: false, reason: 'auth', status: 535 });
    expect(error.message).not.toContain('wrong');
  });

  test('line breaks in the subject and header values do not create headers', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    await mailer.send({
      to: 'bob@example.com',
      subject: 'Hello\r\nBcc: evil@example.net\r\nX-Injected: 1',
      text: 'body',
      headers: { 'X-Aftercare-Ref': 'ntf_1\r\nBcc: evil2@example.net\nX-Injected: 2' },
    });

    const [mail] = await waitForMail(smtp, 1);
    expect(mail?.envelope.to, 'only the real recipient is in the envelope').toEqual(['bob@example.com']);
    const headerLines = mail!.raw.split('\r\n\r\n')[0]!.split('\r\n');
    const names = headerLines
      .filter((line) => !/^\s/.test(line))
      .map((line) => line.split(':')[0]?.toLowerCase());
    expect(names, `headers sent: ${names.join(', ')}`).not.toContain('bcc');
    expect(names).not.toContain('x-injected');
    expect(mail?.parsed.headers.has('bcc')).toBe(false);
    expect(mail?.parsed.subject).not.toMatch(/[\r\n]/);
  });

  test('refuses a header name with a line break or a reserved header, sending nothing', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    const cases: Record<string, string>[] = [
      { 'X-Ref\r\nBcc': 'evil@example.net' },
      { Bcc: 'evil@example.net' },
      { 'X Ref': '1' },
    ];
    for (const headers of cases) {
      const error = await failure(mailer.send({ to: 'bob@example.com', subject: 's', text: 't', headers }));
      expect(error).toMatchObject({ permanent: true, reason: 'invalid_message' });
    }
    expect(smtp.received).toHaveLength(0);
  });

  test('refuses a recipient that is several addresses or has a line break', async () => {
    const smtp = await server();
    const mailer = transport({ url: `smtp://127.0.0.1:${smtp.port}`, from });

    for (const to of [
      'bob@example.com, eve@example.net',
      'bob@example.com\r\nBcc: eve@example.net',
      'not-an-address',
    ]) {
      const error = await failure(mailer.send({ to, subject: 's', text: 't' }));
      expect(error).toMatchObject({ permanent: true, reason: 'invalid_recipient' });
      expect(error.message).not.toContain('bob@example.com');
    }
    expect(smtp.received).toHaveLength(0);
  });

  test('refuses a url that is not smtp:// or smtps:// without repeating it', () => {
    for (const url of ['http://care:s3cret@example.com', 'care:s3cret@example.com']) {
      expect(() => createSmtpMailTransport({ url, from }), url).toThrow(
        /^SMTP url must start with smtp:\/\/ or smtps:\/\/$/,
      );
    }
  });
});
