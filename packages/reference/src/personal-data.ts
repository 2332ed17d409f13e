import type { Database } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import type { Kysely } from 'kysely';
import { toCustomerOutput } from './customers.js';
import { selectOrders, toOrderOutput } from './orders.js';

/** What an erased customer's name becomes, and the source of their (withdrawn) consents. */
export const ERASED = 'erased';

// Shaped as `PersonalDataOwner` of @aftercare/privacy, but not typed by it: privacy's tests import
// this package, so importing privacy here would make the two depend on each other. The shape is
// checked where owners are registered (privacy's test support and the CLI's composition root).
type CustomerKey = { id: number; externalRef: string };

/**
 * Reference data's share of a customer's personal data. A customer's name and contacts are
 * personal, and so is their consent record (erasure withdraws it: nothing may be sent to an erased
 * customer). Ids, region, tier, locale and time zone stay so orders, counts and aggregates still
 * add up; orders hold no personal columns and are kept whole.
 * @example await exportCustomerData(ctx, { owners: [referencePersonalData], externalRef: 'C000042' })
 */
export const referencePersonalData = {
  owner: 'reference',
  // personalColumns: what an erasure replaces.
  tables: [
    {
      table: 'customers',
      personalColumns: [
        'name',
        'phone',
        'email',
        'consent_sms',
        'consent_email',
        'consent_call',
        'consent_sms_at',
        'consent_email_at',
        'consent_call_at',
        'consent_sms_source',
        'consent_email_source',
        'consent_call_source',
      ],
    },
    { table: 'orders', personalColumns: [] },
  ],

  async exportCustomer(ctx: DbContext, customer: CustomerKey): Promise<Record<string, unknown>> {
    const row = await ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    const orders = await selectOrders(ctx.db)
      .where('o.customer_id', '=', customer.id)
      .orderBy('o.purchased_at')
      .orderBy('o.id')
      .execute();
    return { customer: toCustomerOutput(row), orders: orders.map(toOrderOutput) };
  },

  async eraseCustomer(
    trx: Kysely<Database>,
    customer: CustomerKey & { erasedAt: Date },
  ): Promise<Record<string, number>> {
    const at = customer.erasedAt;
    const { numUpdatedRows } = await trx
      .updateTable('customers')
      .set({
        name: ERASED,
        phone: null,
        email: null,
        consent_sms: false,
        consent_email: false,
        consent_call: false,
        consent_sms_at: at,
        consent_email_at: at,
        consent_call_at: at,
        consent_sms_source: ERASED,
        consent_email_source: ERASED,
        consent_call_source: ERASED,
        updated_at: at,
      })
      .where('id', '=', customer.id)
      .executeTakeFirst();
    return { customers: Number(numUpdatedRows), orders: 0 };
  },
};

/**
 * The platform's owners of customer data; the composition root adds each service's owner to these.
 * @example privacyRoutes(ctx, [...PLATFORM_PERSONAL_DATA, complaintsPersonalData])
 */
export const PLATFORM_PERSONAL_DATA = [referencePersonalData] as const;
