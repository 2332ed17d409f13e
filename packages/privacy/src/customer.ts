import type { Database } from '@aftercare/db';
import { NotFoundError } from '@aftercare/runtime';
import type { Kysely } from 'kysely';

/** The id humans and events see for a customer row. */
export function publicCustomerId(id: number): string {
  return `cus_${id}`;
}

/**
 * The customer with this external ref (locked when `forUpdate`, so two erasures of one customer
 * run one after the other), or NotFoundError.
 */
export async function findCustomerOrThrow(
  db: Kysely<Database>,
  externalRef: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .selectFrom('customers')
    .select(['id', 'external_ref', 'erased_at'])
    .where('external_ref', '=', externalRef);
  const row = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw new NotFoundError(`no customer with externalRef ${externalRef}`);
  return { id: Number(row.id), externalRef: row.external_ref, erasedAt: row.erased_at };
}
