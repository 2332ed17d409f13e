import type { Database } from '@aftercare/db';
import { type DbContext, type FieldProblem, ValidationError } from '@aftercare/runtime';
import type { Transaction } from 'kysely';
import type { BatchResult } from './schemas.js';

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
  ctx: DbContext,
  batch: { entity: string; actor: string; size: number },
  upsert: (trx: Transaction<Database>) => Promise<{ inserted: boolean }[]>,
): Promise<BatchResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const written = await upsert(trx);
    const inserted = written.filter((row) => row.inserted).length;
    const result = { inserted, updated: written.length - inserted, unchanged: batch.size - written.length };
    await trx
      .insertInto('audit_log')
      .values({
        at: ctx.clock.now(),
        actor: batch.actor,
        action: `${batch.entity}.upserted`,
        entity: batch.entity,
        entity_id: null,
        details: JSON.stringify(result),
      })
      .execute();
    return result;
  });
}
