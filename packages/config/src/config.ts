import { z } from 'zod';

/** The raw strings Aftercare reads from the environment; only a `main` builds this from process.env. */
export type RawEnv = Partial<
  Record<typeof import('./variables.js').CONFIG_VARIABLES[number]['name'], string>
>;

/** Maps process.env (or any record) to the variables we know, dropping empty strings. */
export function readEnv(env: Record<string, string | undefined>): RawEnv {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  return raw as RawEnv;
}

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: integer(0, 65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { error: 'expected a postgres:// or postgresql:// URL' })
    .optional(),
  AFTERCARE_DATA_DIR: z.string().default('./.aftercare'),
  AFTERCARE_BOOTSTRAP_TOKEN: z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  DB_POOL_MAX: integer(1, 500).default(10),
  BODY_LIMIT_BYTES: integer(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  RATE_LIMIT_PER_MINUTE: integer(1, 10_000_000).default(1200),
  METRICS_PUBLIC: bool.default(true),
  WORKER_POLL_MS: integer(10, 3_600_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: integer(100, 600_000).default(10_000),
});

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
const SECRET_VARIABLES = new Set(['AFTERCARE_BOOTSTRAP_TOKEN', 'DATABASE_URL']);

function describeValue(variable: string, value: string): string {
  return SECRET_VARIABLES.has(variable) ? `a value of ${value.length} characters` : JSON.stringify(value);
}

/**
 * Validates the raw variables, fills defaults and groups them.
 * @example toConfig(readEnv(process.env)).http.port // 8080
 */
export function toConfig(raw: RawEnv): AftercareConfig {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, issue.message, raw[variable as keyof RawEnv]);
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
    },
    db: { url: env.DATABASE_URL, dataDir: env.AFTERCARE_DATA_DIR, poolMax: env.DB_POOL_MAX },
    auth: { bootstrapToken: env.AFTERCARE_BOOTSTRAP_TOKEN },
    log: { level: env.LOG_LEVEL },
    jobs: { pollIntervalMs: env.WORKER_POLL_MS },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
