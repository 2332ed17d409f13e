import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';

/** The customer a request is about: the row id and the shop's own id for them. */
export interface CustomerKey {
  id: number;
  externalRef: string;
}

/** One erasure: the customer and the one time every owner stamps on what it changed. */
export interface ErasureTarget extends CustomerKey {
  erasedAt: Date;
}

/**
 * What every owner of a table with customer data registers, so that export and erasure reach all
 * of it. `personalColumns` are the columns an erasure replaces or clears; the guard test fails for a
 * contact-looking column (phone, e-mail, address, ...) that no owner claims.
 * @example
 * const complaintsPersonalData: PersonalDataOwner = {
 *   owner: 'scheduler',
 *   tables: [{ table: 'complaints', personalColumns: ['contact_phone', 'text'] }],
 *   exportCustomer: async (ctx, customer) => ({ complaints: await listComplaintsOf(ctx, customer.id) }),
 *   eraseCustomer: async (trx, customer) => ({ complaints: await blankComplaintsOf(trx, customer.id) }),
 * };
 */
export interface PersonalDataOwner {
  /** The section name in an export, e.g. `reference`; unique among registered owners. */
  owner: string;
  tables: readonly { table: string; personalColumns: readonly string[] }[];
  /** Every record this owner holds about the customer, as JSON-ready values. */
  exportCustomer(ctx: DbContext, customer: CustomerKey): Promise<Record<string, unknown>>;
  /**
   * Replaces the customer's personal values in this owner's tables, in the erasure's transaction;
   * rows stay so counts and aggregates do. Answers the rows changed per table.
   */
  eraseCustomer(
    trx: Kysely<Database>,
    customer: ErasureTarget,
    ctx: DbContext,
  ): Promise<Record<string, number>>;
}

/** Owners with distinct names, or an error naming the repeated one (a wiring bug, found at start-up). */
export function checkOwners(owners: readonly PersonalDataOwner[]): readonly PersonalDataOwner[] {
  const seen = new Set<string>();
  for (const { owner } of owners) {
    if (seen.has(owner)) throw new Error(`the personal-data owner ${owner} is registered twice`);
    seen.add(owner);
  }
  return owners;
}
