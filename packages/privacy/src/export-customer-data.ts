import type { DbContext } from '@aftercare/runtime';
import { findCustomerOrThrow, publicCustomerId } from './customer.js';
import { checkOwners, type PersonalDataOwner } from './owner.js';

export interface CustomerDataExport {
  customer: { id: string; externalRef: string; erasedAt: string | null };
  exportedAt: string;
  /** One section per owner (`reference`, later `scheduler`, ...), as the owner exports it. */
  sections: Record<string, Record<string, unknown>>;
}

/**
 * Everything every registered owner holds about one customer, as one JSON document (a PIPL / GDPR
 * access request). Throws NotFoundError for an unknown external ref.
 * @example
 * const document = await exportCustomerData(ctx, { owners: PLATFORM_PERSONAL_DATA, externalRef: 'C000042' });
 * // { customer: { id: 'cus_42', ... }, exportedAt, sections: { reference: { customer, orders } } }
 */
export async function exportCustomerData(
  ctx: DbContext,
  { owners, externalRef }: { owners: readonly PersonalDataOwner[]; externalRef: string },
): Promise<CustomerDataExport> {
  checkOwners(owners);
  const customer = await findCustomerOrThrow(ctx.db, externalRef);
  const sections: Record<string, Record<string, unknown>> = {};
  for (const owner of owners) sections[owner.owner] = await owner.exportCustomer(ctx, customer);
  return {
    customer: {
      id: publicCustomerId(customer.id),
      externalRef: customer.externalRef,
      erasedAt: customer.erasedAt?.toISOString() ?? null,
    },
    exportedAt: ctx.clock.now().toISOString(),
    sections,
  };
}
