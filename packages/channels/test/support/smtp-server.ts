import { once } from 'node:events';
import net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
  user: string | undefined;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  logins: { username: string | undefined; password: string | undefined }[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Reply to RCPT TO for these addresses with this code instead of accepting. */
  refuseRecipients?: Record<string, number>;
  /** Refuse every login with 535. */
  refuseLogin?: boolean;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed. */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const logins: TestSmtpServer['logins'] = [];
  const pending: Promise<void>[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    // Connections a test leaves open must not hold its clean-up for the 30 s default.
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username, password: auth.password ?? undefined });
      if (options.refuseLogin) return callback(smtpError('5.7.8 credentials invalid', 535));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const code = options.refuseRecipients?.[address.address];
      if (code) return callback(smtpError(`mailbox unavailable <${address.address}>`, code));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        const user = typeof session.user === 'string' ? session.user : undefined;
        pending.push(
          simpleParser(raw).then((parsed) => {
            received.push({ raw, parsed, envelope, user });
          }),
        );
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP test server has no port');

  return {
    port: address.port,
    get received() {
      return received;
    },
    logins,
    async close() {
      await Promise.allSettled(pending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until the server has parsed `count` messages; parsing runs after the SMTP reply. */
export async function waitForMail(server: TestSmtpServer, count: number): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 5_000;
  while (server.received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${server.received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.received;
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('probe server has no port');
  return address.port;
}

/** A TCP server that accepts connections and never says a word, like a hung SMTP server. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent server has no port');
  return {
    port: address.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
