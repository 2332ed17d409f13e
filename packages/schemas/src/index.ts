// The zod building blocks every API route and file import shares. No HTTP here: the importer and the
// CLI use these too.

/** zod issues to field problems, and the ValidationError that carries them. */
export { toFieldProblems, validationError } from './field-problems.js';
/** Field schemas: plainText, filterText, externalRef, phone, email, timeZone, locale, money, isoDateTime. */
export {
  canonicalTimeZone,
  email,
  externalRef,
  filterText,
  isoDateTime,
  isTimeZone,
  locale,
  money,
  phone,
  plainText,
  timeZone,
} from './fields.js';
/** The list envelope and its query parameters. */
export { listCursor, listLimit, pageOf } from './list.js';
/** Keyset pagination with cursors tied to their list. */
export { decodeCursor, encodeCursor, keysetPage, type Page } from './paging.js';
