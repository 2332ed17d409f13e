import type { Database } from '@aftercare/db';
import { type Clock, type FieldProblem, ValidationError } from '@aftercare/runtime';
import type { Kysely, ReferenceExpression, SelectQueryBuilder, Transaction } from 'kysely';
import type { BatchResult } from './schemas.js';

/** Who a write is attributed to in the audit log, and where consent changes came from. */
export interface WriteContext {
  db: Kysely<Database>;
  clock: Clock;
  actor: string;
}

/** Every record whose key repeats an earlier one in the same batch: the batch is ambiguous. */
export function findDuplicateKeys<T>(
  records: readonly T[],
  key: (record: T) => string,
  field: string,
): FieldProblem[] {
  const firstSeen = new Map<string, number>();
  const problems: FieldProblem[] = [];
  records.forEach((record, index) => {
    const value = key(record);
    const first = firstSeen.get(value);
    if (first === undefined) firstSeen.set(value, index);
    else problems.push({ index, field, reason: `duplicates record ${first} in this batch (${value})` });
  });
  return problems;
}

export function rejectIfAny(problems: FieldProblem[], what: string): void {
  if (problems.length > 0) {
    const sorted = problems.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    throw new ValidationError(
      `the batch of ${what} was rejected: ${sorted.length} problem(s), nothing was written`,
      sorted,
    );
  }
}

/**
 * Runs one batch's upsert in a transaction with its audit entry. `upsert` returns a row per written
 * record (`returning (xmax = 0) as inserted`); records a no-op update skipped are counted unchanged.
 */
export function writeBatch(
  write: WriteContext,
  entity: string,
  batchSize: number,
  upsert: (trx: Transaction<Database>) => Promise<{ inserted: boolean }[]>,
): Promise<BatchResult> {
  return write.db.transaction().execute(async (trx) => {
    const written = await upsert(trx);
    const inserted = written.filter((row) => row.inserted).length;
    const result = { inserted, updated: written.length - inserted, unchanged: batchSize - written.length };
    await trx
      .insertInto('audit_log')
      .values({
        at: write.clock.now(),
        actor: write.actor,
        action: `${entity}.upserted`,
        entity,
        entity_id: null,
        details: JSON.stringify(result),
      })
      .execute();
    return result;
  });
}

/** Opaque list cursors: the id of the last row of the page. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ValidationError('the cursor is not one we issued', [
      { field: 'cursor', reason: 'unknown cursor' },
    ]);
  return Number(match[1]);
}

/**
 * One page of a list in id order (keyset pagination: stable under inserts, no OFFSET scans).
 * `query` carries the filters; this adds the cursor, the order and the limit.
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends { id: number }, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  idColumn: ReferenceExpression<DB, TB>,
  filters: { limit: number; cursor?: string | undefined },
  toItem: (row: Row) => Item,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const after = decodeCursor(filters.cursor);
  const paged = after === undefined ? query : query.where(idColumn, '>', after as never);
  const rows = await paged
    .orderBy(idColumn as never)
    .limit(filters.limit + 1)
    .execute();
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.id) : null,
  };
}
