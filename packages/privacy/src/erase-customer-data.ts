import type { AppContext } from '@aftercare/runtime';
import { findCustomerOrThrow, publicCustomerId } from './customer.js';
import { checkOwners, type PersonalDataOwner } from './owner.js';

export interface CustomerErasure {
  customerId: string;
  externalRef: string;
  /** When the customer was erased: this request, or the first one when it was erased before. */
  erasedAt: string;
  /** False when an earlier request had already erased the customer and this one changed nothing. */
  erasedNow: boolean;
  /** Rows changed per owner and table (empty when nothing changed). */
  changed: Record<string, Record<string, number>>;
}

export const ERASURE_ACTION = 'customer.erased';

/**
 * Erases a customer's personal data in every registered owner's tables, in one transaction with an
 * audit entry (who, when, how many rows; never the values) and the `customer.erased@1` event, so
 * every service drops its copies. Idempotent: a second call changes nothing and answers the first
 * erasure's time. Throws NotFoundError for an unknown external ref.
 * @example
 * await eraseCustomerData(ctx, { owners: PLATFORM_PERSONAL_DATA, externalRef: 'C000042', actor: 'token:3' });
 */
export function eraseCustomerData(
  ctx: Pick<AppContext, 'db' | 'clock' | 'events'>,
  request: { owners: readonly PersonalDataOwner[]; externalRef: string; actor: string },
): Promise<CustomerErasure> {
  const { owners } = request;
  checkOwners(owners);
  return ctx.db.transaction().execute(async (trx) => {
    const customer = await findCustomerOrThrow(trx, request.externalRef, { forUpdate: true });
    const customerId = publicCustomerId(customer.id);
    if (customer.erasedAt) {
      return {
        customerId,
        externalRef: customer.externalRef,
        erasedAt: customer.erasedAt.toISOString(),
        erasedNow: false,
        changed: {},
      };
    }
    const erasedAt = ctx.clock.now();
    const target = { id: customer.id, externalRef: customer.externalRef, erasedAt };
    const changed: Record<string, Record<string, number>> = {};
    for (const owner of owners) changed[owner.owner] = await owner.eraseCustomer(trx, target, ctx);
    // Stamped here rather than by an owner: it is what makes the next request a no-op.
    await trx.updateTable('customers').set({ erased_at: erasedAt }).where('id', '=', customer.id).execute();
    await trx
      .insertInto('audit_log')
      .values({
        at: erasedAt,
        actor: request.actor,
        action: ERASURE_ACTION,
        entity: 'customer',
        entity_id: customerId,
        details: JSON.stringify({ changed }),
      })
      .execute();
    await ctx.events.append(trx, {
      type: 'customer.erased@1',
      aggregateType: 'customer',
      aggregateId: customerId,
      payload: {
        customerId,
        externalRef: customer.externalRef,
        erasedAt: erasedAt.toISOString(),
        erasedBy: request.actor,
      },
    });
    return {
      customerId,
      externalRef: customer.externalRef,
      erasedAt: erasedAt.toISOString(),
      erasedNow: true,
      changed,
    };
  });
}
