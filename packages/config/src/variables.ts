import { z } from 'zod';

const integer = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (schemes: string[]) =>
  z.string().refine((v) => schemes.some((scheme) => v.startsWith(`${scheme}://`)), {
    error: `expected a ${schemes.map((s) => `${s}://`).join(' or ')} URL`,
  });

/**
 * A browser origin, stored as browsers send it (`https://care.example.com`, lower case, no slash):
 * anything more (a path, credentials) could never match an Origin header, so it is refused.
 */
const origin = () =>
  z.string().transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const bare = url && /^https?:$/.test(url.protocol) && !url.username && !url.password;
    if (
      !url ||
      !bare ||
      url.pathname !== '/' ||
      url.search ||
      url.hash ||
      value.replace(/\/$/, '').length < url.origin.length
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected origins like https://care.example.com',
      });
      return z.NEVER;
    }
    return url.origin;
  });

interface Variable {
  /** The default as it is written in the environment; undefined = unset. */
  default?: string;
  meaning: string;
  schema: z.ZodType;
  /** Never echoed, not even when it is wrong. */
  secret?: true;
}

/**
 * Every environment variable Aftercare reads: its default, meaning and schema, written once. The
 * README's configuration table lists the same names and defaults (a test holds them together).
 */
export const VARIABLES = {
  PORT: { default: '8080', meaning: 'HTTP port (0 picks a free one)', schema: integer(0, 65535) },
  HOST: { default: '127.0.0.1', meaning: 'bind address (0.0.0.0 in a container)', schema: z.string() },
  DATABASE_URL: {
    meaning: 'PostgreSQL URL; unset = embedded PGlite',
    schema: url(['postgres', 'postgresql']).optional(),
    secret: true,
  },
  AFTERCARE_DATA_DIR: {
    default: './.aftercare',
    meaning: 'embedded database folder (one process at a time: a second is refused)',
    schema: z.string(),
  },
  AFTERCARE_BOOTSTRAP_TOKEN: {
    meaning: 'an admin API token accepted from start-up, for scripts and CI (>= 24 characters)',
    schema: z
      .string()
      .min(24, { error: 'must be at least 24 characters' })
      .regex(/^\S+$/, { error: 'must not contain spaces (it is sent as "Authorization: Bearer <token>")' })
      .optional(),
    secret: true,
  },
  LOG_LEVEL: {
    default: 'info',
    meaning: 'fatal, error, warn, info, debug, trace, silent',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected fatal, error, warn, info, debug, trace or silent',
    }),
  },
  DB_POOL_MAX: { default: '10', meaning: 'connections per process to a server', schema: integer(1, 500) },
  BODY_LIMIT_BYTES: {
    default: '16777216',
    meaning: 'largest request body (413 above)',
    schema: integer(1024, 1024 * 1024 * 1024),
  },
  RATE_LIMIT_PER_MINUTE: {
    default: '1200',
    meaning:
      'requests a minute per token, per process (429 above); a client address may make 4x that before authentication',
    schema: integer(1, 10_000_000),
  },
  METRICS_PUBLIC: { default: 'true', meaning: 'serve `/metrics` without a token', schema: bool },
  CORS_ORIGINS: {
    meaning: 'comma-separated origins whose pages may call the API from a browser; unset = same origin only',
    schema: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(origin()))
      .optional(),
  },
  WORKER_POLL_MS: {
    default: '1000',
    meaning: 'how often workers look for due rows when not woken by NOTIFY',
    schema: integer(10, 3_600_000),
  },
  SHUTDOWN_TIMEOUT_MS: {
    default: '10000',
    meaning: 'how long SIGTERM waits for requests and workers',
    schema: integer(100, 600_000),
  },
  COMPLAINT_BACKFILL_MAX_DAYS: {
    default: '90',
    meaning: 'how far back a complaint’s openedAt may be, so a helpdesk can backfill its history',
    schema: integer(0, 3650),
  },
  ESCALATION_AFTER_MINUTES: {
    default: '0,30,60,120',
    meaning:
      'minutes after a breach at which each rung of the escalation chain is reached while the clock stays breached: supervisor, team lead, duty manager, head of care (level 1 starts at the duty manager); the gap between rungs is kept, so a case that arrives overdue climbs at the same pace',
    schema: z
      .string()
      .transform((v): unknown[] => v.split(',').map((part) => part.trim()))
      .pipe(z.array(integer(0, 43_200)).min(1).max(4))
      .refine((list: number[]) => list.every((minutes, i) => i === 0 || minutes > (list[i - 1] ?? 0)), {
        error: 'expected rising minutes, e.g. 0,30,60,120',
      }),
  },
  MENTION_RETENTION_DAYS: {
    default: '180',
    meaning:
      'days raw mentions (texts, author handles) are kept; older ones are deleted while the risk map keeps its counts, and older posts are refused at ingest',
    schema: integer(1, 3650),
  },
  ALERT_SENSITIVITY: {
    default: 'medium',
    meaning:
      'how eager the risk map’s spike alerts are: low, medium (under 1 false alert per 1,000 cell-days) or high',
    schema: z.enum(['low', 'medium', 'high']),
  },
  QUALITY_ALERT_CUSTOMERS: {
    default: '3',
    meaning:
      'distinct customers whose complaints (formal, or mentions with an order ref) about one product in one region within QUALITY_ALERT_HOURS open a quality alert',
    schema: integer(2, 1000),
  },
  QUALITY_ALERT_HOURS: {
    default: '24',
    meaning: 'the window in which QUALITY_ALERT_CUSTOMERS distinct customers open a quality alert',
    schema: integer(1, 720),
  },
  NATS_URL: {
    meaning:
      'NATS server whose JetStream stream the watcher ingests mentions from, e.g. nats://127.0.0.1:4222; unset = no stream consumer',
    schema: url(['nats', 'tls']).optional(),
  },
  NATS_STREAM: {
    default: 'MENTIONS',
    meaning: 'the JetStream stream of mentions (created with NATS_SUBJECT when missing)',
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  },
  NATS_SUBJECT: {
    default: 'mentions.>',
    meaning:
      'subject(s) the mention stream holds and the consumer reads; each message is one mention as JSON',
    schema: z.string().min(1).max(200),
  },
  NATS_DURABLE: {
    default: 'aftercare-watcher',
    meaning: 'durable consumer name shared by every watcher process (they split the stream)',
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  },
  NATS_MAX_DELIVER: {
    default: '5',
    meaning: 'deliveries of a message that fails before it goes to the dead-letter subject with its reason',
    schema: integer(1, 100),
  },
  NATS_DEAD_LETTER_SUBJECT: {
    default: 'aftercare.mentions.dead',
    meaning: 'where poison messages go (outside the stream’s subjects), with headers naming the reason',
    schema: z.string().min(1).max(200),
  },
  SMTP_URL: {
    meaning: 'mail server, e.g. smtps://user:pass@mail.example.com; unset = mail is kept in memory',
    schema: url(['smtp', 'smtps']).optional(),
    secret: true,
  },
  MAIL_FROM: {
    default: 'Aftercare <care@localhost>',
    meaning: 'sender of outgoing e-mail',
    schema: z.string().min(3),
  },
  SMS_PROVIDER_URL: {
    meaning: 'HTTP SMS provider endpoint; unset = SMS are kept in memory',
    schema: url(['http', 'https']).optional(),
  },
  SMS_PROVIDER_TOKEN: {
    meaning: 'bearer token for the SMS provider',
    schema: z.string().min(1).optional(),
    secret: true,
  },
} as const satisfies Record<string, Variable>;

export type VariableName = keyof typeof VARIABLES;

/** The variables as a list, in README order. */
export const CONFIG_VARIABLES = Object.entries(VARIABLES).map(([name, variable]) => ({
  name,
  default: 'default' in variable ? variable.default : '(unset)',
  meaning: variable.meaning,
  secret: 'secret' in variable,
}));
