import { z } from 'zod';
import { CONFIG_VARIABLES, VARIABLES, type VariableName } from './variables.js';

/** The raw strings Aftercare reads from the environment; only a `main` builds this from process.env. */
export type RawEnv = Partial<Record<VariableName, string>>;

/** Maps process.env (or any record) to the variables we know, dropping empty strings. */
export function readEnv(env: Record<string, string | undefined>): RawEnv {
  const raw: RawEnv = {};
  for (const name of Object.keys(VARIABLES) as VariableName[]) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  return raw;
}

// Defaults are applied to the raw strings, before parsing, so each is written once (in VARIABLES).
// Object.fromEntries cannot keep the per-key schema types; the entries are VARIABLES' own.
const envSchema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, variable]) => [name, variable.schema])) as {
    [K in VariableName]: (typeof VARIABLES)[K]['schema'];
  },
);
const DEFAULTS: RawEnv = Object.fromEntries(
  Object.entries(VARIABLES).flatMap(([name, variable]) =>
    'default' in variable ? [[name, variable.default]] : [],
  ),
);

export type AftercareConfig = ReturnType<typeof groupConfig>;

/** A configuration value that cannot be used; the message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
    value: string | undefined,
  ) {
    super(`${variable}: ${reason}${value === undefined ? '' : ` (got ${describeValue(variable, value)})`}`);
    this.name = 'ConfigError';
  }
}

// Secrets never reach a terminal or a log, not even when they are wrong.
const SECRET_VARIABLES = new Set(CONFIG_VARIABLES.filter((v) => v.secret).map((v) => v.name));

function describeValue(variable: string, value: string): string {
  return SECRET_VARIABLES.has(variable) ? `a value of ${value.length} characters` : JSON.stringify(value);
}

/**
 * Validates the raw variables, fills defaults and groups them.
 * @example toConfig(readEnv(process.env)).http.port // 8080
 */
export function toConfig(raw: RawEnv): AftercareConfig {
  const withDefaults = { ...DEFAULTS, ...raw };
  const parsed = envSchema.safeParse(withDefaults);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]) as VariableName;
    throw new ConfigError(variable, issue.message, withDefaults[variable]);
  }
  return groupConfig(parsed.data);
}

function groupConfig(env: z.output<typeof envSchema>) {
  return {
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      publicMetrics: env.METRICS_PUBLIC,
      corsOrigins: env.CORS_ORIGINS ?? [],
    },
    db: { url: env.DATABASE_URL, dataDir: env.AFTERCARE_DATA_DIR, poolMax: env.DB_POOL_MAX },
    auth: { bootstrapToken: env.AFTERCARE_BOOTSTRAP_TOKEN },
    log: { level: env.LOG_LEVEL },
    jobs: { pollIntervalMs: env.WORKER_POLL_MS },
    scheduler: {
      backfillMaxDays: env.COMPLAINT_BACKFILL_MAX_DAYS,
      escalationAfterMinutes: env.ESCALATION_AFTER_MINUTES,
    },
    watcher: {
      mentionRetentionDays: env.MENTION_RETENTION_DAYS,
      alertSensitivity: env.ALERT_SENSITIVITY,
      qualityAlertCustomers: env.QUALITY_ALERT_CUSTOMERS,
      qualityAlertHours: env.QUALITY_ALERT_HOURS,
      nats: env.NATS_URL
        ? {
            url: env.NATS_URL,
            stream: env.NATS_STREAM,
            subject: env.NATS_SUBJECT,
            durable: env.NATS_DURABLE,
            maxDeliver: env.NATS_MAX_DELIVER,
            deadLetterSubject: env.NATS_DEAD_LETTER_SUBJECT,
          }
        : null,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    sms: { providerUrl: env.SMS_PROVIDER_URL, providerToken: env.SMS_PROVIDER_TOKEN },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
