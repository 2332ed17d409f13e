import { z } from '@hono/zod-openapi';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Markup and control characters have no place in a name, a region or a SKU; rejecting them at the
// edge means no page ever has to trust that it was escaped. Quotes and semicolons are ordinary text
// (O'Brien; "Acme; Ltd") and reach SQL only as bound parameters.
// Invisible format characters (zero-width spaces, bidi overrides as in "Trojan Source", tags) make
// text display as something it is not; only the joiners emoji and some scripts need are allowed.
const MARKUP_OR_CONTROL = /[<>\p{Cc}]|(?![\u200C\u200D])\p{Cf}/u;
// Half of a UTF-16 surrogate pair is not text; PostgreSQL refuses it, so it must not get that far.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /\p{Cc}/u;

export function plainText(max: number) {
  return z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !MARKUP_OR_CONTROL.test(value), {
      error: 'must be plain text: no < >, control or invisible formatting characters',
    })
    .refine((value) => !LONE_SURROGATE.test(value), { error: 'must be valid Unicode text' });
}

/** A value to filter or look up by: any text, but never one the database cannot compare. */
export function filterText(max: number) {
  return z
    .string({ error: 'expected a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL.test(value) && !LONE_SURROGATE.test(value), {
      error: 'must be text without control characters',
    });
}

/** The caller's own id for a record: what retries and re-imports match on. */
export const externalRef = z
  .string({ error: 'expected a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { error: 'use letters, digits and . _ : / - only' });

/** Any number a phone company would route, stored as E.164 (+8613812345678). */
export const phone = z
  .string({ error: 'expected a string' })
  .trim()
  .transform((value, ctx) => {
    const parsed = parsePhoneNumberFromString(value);
    if (!parsed?.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'not a valid phone number; use E.164 such as +8613812345678' });
      return z.NEVER;
    }
    return parsed.number;
  })
  .openapi({ type: 'string', example: '+8613812345678' });

export const email = z
  .email({ error: 'not a valid e-mail address' })
  .max(254, { error: 'must be at most 254 characters' })
  .transform((value) => value.toLowerCase());

// Building an Intl.DateTimeFormat costs ~0.3 ms, and a batch or a file repeats a few dozen zones.
// Keys are callers' spellings (asia/SHANGHAI), so the map is bounded.
const canonicalZones = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

// Current IANA names that Node 20's ICU knows only as links to the names they replaced
// (Asia/Calcutta, Europe/Kiev, ...): it accepts them but does not list them.
const CURRENT_NAMES_ICU_DOES_NOT_LIST = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
];

// Zone names by their lower-case spelling, to restore the case of `asia/SHANGHAI`.
let zoneNames: Map<string, string> | undefined;

/**
 * One spelling per zone: a zone name in its proper case (`asia/SHANGHAI` -> `Asia/Shanghai`,
 * `asia/kolkata` -> `Asia/Kolkata`, current IANA names kept where Node's ICU would answer an older
 * alias), and any other alias as the zone ICU resolves it to (`us/pacific` -> `America/Los_Angeles`).
 * Undefined when it is no zone.
 */
export function canonicalTimeZone(value: string): string | undefined {
  const known = canonicalZones.get(value);
  if (known) return known;
  if (value.length === 0 || value.length > 64) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  zoneNames ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES_ICU_DOES_NOT_LIST].map((name) => [
      name.toLowerCase(),
      name,
    ]),
  );
  const canonical = zoneNames.get(value.toLowerCase()) ?? resolved;
  if (canonicalZones.size < MAX_REMEMBERED) canonicalZones.set(value, canonical);
  return canonical;
}

export function isTimeZone(value: string): boolean {
  return canonicalTimeZone(value) !== undefined;
}

/** An IANA time zone, stored by its canonical name. */
export const timeZone = z
  .string({ error: 'expected a string' })
  .transform((value, ctx) => {
    const canonical = canonicalTimeZone(value);
    if (canonical) return canonical;
    ctx.addIssue({ code: 'custom', message: 'not an IANA time zone such as Asia/Shanghai' });
    return z.NEVER;
  })
  .openapi({ type: 'string', example: 'Asia/Shanghai' });

/** A BCP 47 language tag, canonicalised (zh-cn -> zh-CN). */
// Canonicalising builds Intl objects too; tags repeat on every row of a batch. Bounded because
// the keys are callers' spellings (zh-cn, ZH-CN, ...), not a closed set.
const canonicalLocales = new Map<string, string>();
// Real tags are short (zh-Hant-TW, en-GB); a long one is garbage that Intl would still accept.
const MAX_LOCALE_LENGTH = 35;

function canonicalLocale(value: string): string | undefined {
  const known = canonicalLocales.get(value);
  if (known) return known;
  if (value.length > MAX_LOCALE_LENGTH) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical && canonicalLocales.size < MAX_REMEMBERED) canonicalLocales.set(value, canonical);
    return canonical;
  } catch {
    return undefined;
  }
}

export const locale = z
  .string({ error: 'expected a string' })
  .transform((value, ctx) => {
    const canonical = canonicalLocale(value);
    if (canonical) return canonical;
    ctx.addIssue({
      code: 'custom',
      message: `not a language tag such as en or zh-CN (at most ${MAX_LOCALE_LENGTH} characters)`,
    });
    return z.NEVER;
  })
  .openapi({ type: 'string', example: 'zh-CN' });

/** Money in the shop's currency: at most two decimals, never negative (not even -0). */
export const money = z
  .number({ error: 'expected a number' })
  .nonnegative({ error: 'must not be negative' })
  .refine((value) => !Object.is(value, -0), { error: 'must not be negative' })
  .max(9_999_999_999.99, { error: 'too large' })
  // Exact, not within a tolerance: 1e-9 is not a price that rounds to 0.00, it is a wrong price.
  .refine((value) => Number(value.toFixed(2)) === value, { error: 'at most two decimals' });

export const isoDateTime = z.iso
  .datetime({
    offset: true,
    error: 'expected an ISO 8601 time with an offset, e.g. 2026-03-01T09:30:00+08:00',
  })
  // The format alone admits year 0000 and offsets like +99:99, which are no moment PostgreSQL keeps.
  .refine(
    (value) => {
      const year = new Date(value).getUTCFullYear();
      return year >= 1900 && year <= 9999;
    },
    { error: 'expected a real moment between the years 1900 and 9999' },
  )
  .openapi({ example: '2026-03-01T09:30:00+08:00' });
