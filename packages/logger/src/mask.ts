// Customers' contact details and credentials never reach a log line in clear.
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// International numbers (+ and 8 or more digits, separators allowed) and bare runs of 10-15 digits;
// dates and times do not match either form.
const PHONE = /\+\d[\d\s().-]{6,}\d|\b\d{10,15}\b/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const TOKEN = /\bac_[A-Za-z0-9_-]{8,}/g;

/** `alice@example.com` -> `a***@example.com` */
export function maskEmail(email: string): string {
  return email.replace(EMAIL, '$1***@$2');
}

/** `+8613812345678` -> `+86*******5678`: keeps the country part and last four digits. */
export function maskPhone(phone: string): string {
  return phone.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 8) return match;
    const prefix = match.startsWith('+') ? `+${digits.slice(0, 2)}` : '';
    return `${prefix}${'*'.repeat(Math.max(digits.length - 4 - (prefix ? 2 : 0), 3))}${digits.slice(-4)}`;
  });
}

/** Masks e-mail addresses, phone numbers, bearer credentials and API tokens inside any text. */
export function maskSensitive(text: string): string {
  return maskPhone(maskEmail(text.replace(BEARER, '$1[redacted]').replace(TOKEN, 'ac_[redacted]')));
}

/** Deeply masks the strings of a log record; keys that hold secrets are replaced whole. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSensitive(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return maskError(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    masked[key] = SECRET_KEYS.test(key) ? '[redacted]' : maskValue(item, depth + 1);
  }
  return masked;
}

const SECRET_KEYS = /^(authorization|cookie|set-cookie|password|token|secret|tokenHash|token_hash)$/i;

// What a database error carries besides its message: the statement and its parameters, which hold
// whole batches of customers. Never logged.
const ERROR_KEYS_DROPPED = new Set([
  'params',
  'parameters',
  'query',
  'queryOptions',
  'where',
  'internalQuery',
  'detail',
]);

/** An error as a plain, masked record: type, message, stack, code and cause, nothing it happened to carry. */
export function maskError(error: Error, depth = 0): Record<string, unknown> {
  const record: Record<string, unknown> = {
    type: error.name,
    message: maskSensitive(error.message),
    stack: error.stack ? maskSensitive(error.stack) : undefined,
  };
  for (const [key, item] of Object.entries(error)) {
    if (ERROR_KEYS_DROPPED.has(key) || SECRET_KEYS.test(key)) continue;
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      record[key] = typeof item === 'string' ? maskSensitive(item) : item;
    }
  }
  if (error.cause instanceof Error && depth < 3) record.cause = maskError(error.cause, depth + 1);
  return record;
}
