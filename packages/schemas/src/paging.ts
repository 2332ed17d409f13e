import { ValidationError } from '@aftercare/runtime';
import { type SelectQueryBuilder, sql } from 'kysely';

/** A list's page: what every list endpoint answers. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * Opaque list cursors: the list's name and the id of the last row of the page, so a cursor from
 * one list is refused by another instead of silently paging the wrong table.
 */
export function encodeCursor(list: string, id: number): string {
  return Buffer.from(`${list}:${id}`).toString('base64url');
}

/** The id a cursor points after; throws InvalidCursorError for one this list did not issue. */
export function decodeCursor(list: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([a-z][a-z0-9_.-]*):(\d{1,15})$/.exec(text);
  if (!match || match[1] !== list) {
    throw new ValidationError('the cursor is not one this list issued', [
      { field: 'cursor', reason: `not a cursor of the ${list} list; pass nextCursor from its previous page` },
    ]);
  }
  return Number(match[2]);
}

/**
 * One page of a list in id order, oldest first or with `order: 'desc'` newest first (keyset
 * pagination: stable under inserts, no OFFSET scans). `query` carries the filters; this adds the
 * cursor, the order and the limit.
 * @example
 * const page = await keysetPage(db.selectFrom('customers').selectAll().where('tier', '=', 'vip'),
 *   { list: 'customers', idColumn: 'id', limit: 50, cursor }, toCustomerOutput);
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends { id: number }, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  options: {
    list: string;
    idColumn: string;
    limit: number;
    cursor?: string | undefined;
    order?: 'asc' | 'desc' | undefined;
  },
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const after = decodeCursor(options.list, options.cursor);
  const id = sql.ref(options.idColumn);
  const descending = options.order === 'desc';
  const paged =
    after === undefined
      ? query
      : query.where(descending ? sql<boolean>`${id} < ${after}` : sql<boolean>`${id} > ${after}`);
  const rows = await paged
    .orderBy(id, descending ? 'desc' : 'asc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > options.limit && last ? encodeCursor(options.list, last.id) : null,
  };
}
