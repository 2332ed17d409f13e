/**
 * Every environment variable Aftercare reads, with its default and meaning.
 * The README's configuration table lists the same names and defaults (a test holds them together).
 */
export const CONFIG_VARIABLES = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'HTTP bind address (0.0.0.0 in a container)' },
  { name: 'DATABASE_URL', default: '(unset)', meaning: 'PostgreSQL URL; unset = embedded PGlite' },
  { name: 'AFTERCARE_DATA_DIR', default: './.aftercare', meaning: 'embedded database folder' },
  {
    name: 'AFTERCARE_BOOTSTRAP_TOKEN',
    default: '(unset)',
    meaning: 'admin API token accepted from start-up (>= 24 chars)',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'DB_POOL_MAX', default: '10', meaning: 'connections per process to a real server' },
  { name: 'BODY_LIMIT_BYTES', default: '16777216', meaning: 'largest request body (413 above it)' },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    default: '1200',
    meaning: 'requests per token per minute (429 above it); a client address may make 4x that before auth',
  },
  { name: 'METRICS_PUBLIC', default: 'true', meaning: 'serve /metrics without a token' },
  { name: 'WORKER_POLL_MS', default: '1000', meaning: 'how often workers look for due rows when not woken' },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'how long SIGTERM waits for requests and workers',
  },
] as const;
