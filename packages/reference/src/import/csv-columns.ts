import type { FieldProblem } from '@aftercare/runtime';
import type { ImportEntity } from './entities.js';

/**
 * How a cell becomes an API value. `text` keeps an empty cell as '' so the schema says "must not
 * be empty"; `optional` drops it; `nullable` makes it null (no phone on file).
 */
type CellKind = 'text' | 'optional' | 'nullable' | 'boolean' | 'number';

export interface CsvColumn {
  name: string;
  /** Where the value goes in the API record, e.g. ['consents', 'sms'] for smsConsent. */
  path: readonly string[];
  kind: CellKind;
}

function column(name: string, kind: CellKind = 'text', path: readonly string[] = [name]): CsvColumn {
  return { name, path, kind };
}

const CSV_COLUMNS: Record<ImportEntity, readonly CsvColumn[]> = {
  customers: [
    column('externalRef'),
    column('name'),
    column('phone', 'nullable'),
    column('email', 'nullable'),
    column('locale'),
    column('timeZone'),
    column('region'),
    column('tier'),
    column('smsConsent', 'boolean', ['consents', 'sms']),
    column('emailConsent', 'boolean', ['consents', 'email']),
    column('callConsent', 'boolean', ['consents', 'call']),
    column('consentSource', 'optional'),
  ],
  products: [
    column('sku'),
    column('name'),
    column('category'),
    column('price', 'number'),
    column('warrantyMonths', 'number'),
  ],
  orders: [
    column('externalRef'),
    column('customerRef'),
    column('sku'),
    column('region'),
    column('purchasedAt'),
    column('amount', 'number'),
    column('status'),
  ],
};

const isRequired = (c: CsvColumn) => c.kind !== 'optional' && c.kind !== 'nullable';

/**
 * The columns a header names, in its order, or the reason the header is refused: a column we do
 * not know (a typo would otherwise drop that data silently), a repeated one, or a required one
 * missing (every record would fail the same way).
 */
export function columnsForHeader(entity: ImportEntity, header: readonly string[]): CsvColumn[] | string {
  const known = new Map(CSV_COLUMNS[entity].map((c) => [c.name, c]));
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => JSON.stringify(name)).join(', ');
    return `unknown column${unknown.length > 1 ? 's' : ''} ${names} for ${entity}; expected ${[...known.keys()].join(',')}`;
  }
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  if (repeated.length > 0) return `column ${repeated.join(', ')} appears more than once`;
  const missing = CSV_COLUMNS[entity].filter((c) => isRequired(c) && !header.includes(c.name));
  if (missing.length > 0)
    return `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => c.name).join(', ')}`;
  return header.map((name) => known.get(name)!);
}

/** The CSV column an API field path ('consents.sms') came from, so problems name what the user sees. */
export function csvColumnFor(entity: ImportEntity, field: string): string {
  return CSV_COLUMNS[entity].find((c) => c.path.join('.') === field)?.name ?? field;
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** One CSV row as the API record, plus the cells that cannot be read as their column's type. */
export function toApiRecord(
  columns: readonly CsvColumn[],
  row: Readonly<Record<string, string>>,
): { record: Record<string, unknown>; problems: FieldProblem[] } {
  const record: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const c of columns) {
    const cell = row[c.name] ?? '';
    let value: unknown = cell;
    switch (c.kind) {
      case 'optional':
        if (cell === '') continue;
        break;
      case 'nullable':
        if (cell === '') value = null;
        break;
      case 'boolean': {
        const lower = cell.toLowerCase();
        value = TRUE.has(lower) ? true : FALSE.has(lower) ? false : undefined;
        if (value === undefined)
          problems.push({ field: c.name, reason: 'expected true/false, yes/no or 1/0' });
        break;
      }
      case 'number':
        // A cell that is not a number stays a string, so the schema rejects it as "expected a number".
        if (NUMBER.test(cell)) value = Number(cell);
        break;
    }
    setPath(record, c.path, value);
  }
  return { record, problems };
}

function setPath(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = record;
  for (const key of path.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  target[path.at(-1)!] = value;
}
