import type { Logger } from '@aftercare/logger';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';

/**
 * Connects to the NATS server of a URL such as `nats://127.0.0.1:4222`. The client takes no
 * credentials from a URL, so they are read here: `nats://user:pass@host` (user and password) or
 * `nats://token@host` (a token); `tls://` asks for TLS.
 * @example const nc = await connectNats('nats://127.0.0.1:4222', 'aftercare-watcher');
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ ...natsConnectionOptions(url), name });
}

/** The connection options for `url`, credentials taken out of it. */
export function natsConnectionOptions(url: string): NodeConnectionOptions {
  const parsed = new URL(url);
  const options: NodeConnectionOptions = { servers: `${parsed.hostname}:${parsed.port || 4222}` };
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  if (user && pass) Object.assign(options, { user, pass });
  else if (user) options.token = user;
  if (parsed.protocol === 'tls:') options.tls = {};
  return options;
}

/** `host:port` of a NATS URL, without its credentials: what logs may show. */
export function natsServerOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 4222}`;
}

/** Logs losing and regaining the server (the client reconnects by itself) until the connection closes. */
export async function logConnectionChanges(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect') logger.warn('NATS connection lost; reconnecting');
    else if (status.type === 'reconnect') logger.info('NATS connection back');
    else if (status.type === 'error') logger.warn({ err: status.error }, 'NATS connection error');
  }
}
