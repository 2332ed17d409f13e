import type { Customer } from '@aftercare/db';
import type { DbContext } from '@aftercare/runtime';
import { keysetPage, type Page } from '@aftercare/schemas';
import { sql } from 'kysely';
import { findDuplicateKeys, rejectIfAny, writeBatch } from './batch.js';
import type { BatchResult, CustomerFilters, CustomerInput, CustomerOutput } from './schemas.js';

export interface UpsertCustomers {
  records: readonly CustomerInput[];
  /** Who the audit log names: "token:12", "cli", "demo". */
  actor: string;
  /** The consent source of records that name none (default `api`). */
  defaultConsentSource?: string | undefined;
}

/**
 * Inserts new customers and updates known ones (by externalRef) in one statement; the whole batch is
 * written or none of it. A consent channel's time and source move only when that channel changes.
 * An erased customer is left as it is (counted unchanged): a feed must not bring the data back.
 * @example await upsertCustomers(ctx, { records, actor: 'token:12' }) // { inserted: 2, updated: 0, unchanged: 0 }
 */
export async function upsertCustomers(
  ctx: DbContext,
  { records, actor, defaultConsentSource = 'api' }: UpsertCustomers,
): Promise<BatchResult> {
  rejectIfAny(
    findDuplicateKeys(records, (r) => r.externalRef, 'externalRef'),
    'customers',
  );
  const now = ctx.clock.now();
  const rows = JSON.stringify(
    records.map((r) => ({
      external_ref: r.externalRef,
      name: r.name,
      phone: r.phone ?? null,
      email: r.email ?? null,
      locale: r.locale,
      time_zone: r.timeZone,
      region: r.region,
      tier: r.tier,
      consent_sms: r.consents.sms,
      consent_email: r.consents.email,
      consent_call: r.consents.call,
      consent_source: r.consentSource ?? defaultConsentSource,
    })),
  );
  return writeBatch(ctx, { entity: 'customer', actor, size: records.length }, async (trx) => {
    const { rows: written } = await sql<{ inserted: boolean }>`
      insert into customers as c (external_ref, name, phone, email, locale, time_zone, region, tier,
        consent_sms, consent_email, consent_call, consent_sms_at, consent_email_at, consent_call_at,
        consent_sms_source, consent_email_source, consent_call_source, created_at, updated_at)
      select r.external_ref, r.name, r.phone, r.email, r.locale, r.time_zone, r.region, r.tier,
        r.consent_sms, r.consent_email, r.consent_call, ${now}::timestamptz, ${now}::timestamptz,
        ${now}::timestamptz, r.consent_source, r.consent_source, r.consent_source, ${now}::timestamptz,
        ${now}::timestamptz
      from json_to_recordset(${rows}::json) as r(external_ref text, name text, phone text, email text,
        locale text, time_zone text, region text, tier text, consent_sms boolean, consent_email boolean,
        consent_call boolean, consent_source text)
      on conflict (external_ref) do update set
        name = excluded.name, phone = excluded.phone, email = excluded.email, locale = excluded.locale,
        time_zone = excluded.time_zone, region = excluded.region, tier = excluded.tier,
        consent_sms = excluded.consent_sms, consent_email = excluded.consent_email,
        consent_call = excluded.consent_call,
        consent_sms_at = case when c.consent_sms = excluded.consent_sms then c.consent_sms_at
          else excluded.consent_sms_at end,
        consent_email_at = case when c.consent_email = excluded.consent_email then c.consent_email_at
          else excluded.consent_email_at end,
        consent_call_at = case when c.consent_call = excluded.consent_call then c.consent_call_at
          else excluded.consent_call_at end,
        consent_sms_source = case when c.consent_sms = excluded.consent_sms then c.consent_sms_source
          else excluded.consent_sms_source end,
        consent_email_source = case when c.consent_email = excluded.consent_email then c.consent_email_source
          else excluded.consent_email_source end,
        consent_call_source = case when c.consent_call = excluded.consent_call then c.consent_call_source
          else excluded.consent_call_source end,
        updated_at = excluded.updated_at
      -- A retry of the same batch changes nothing, not even updated_at; an erased customer stays erased.
      where c.erased_at is null and (c.name, c.phone, c.email, c.locale, c.time_zone, c.region, c.tier, c.consent_sms,
          c.consent_email, c.consent_call)
        is distinct from (excluded.name, excluded.phone, excluded.email, excluded.locale,
          excluded.time_zone, excluded.region, excluded.tier, excluded.consent_sms, excluded.consent_email,
          excluded.consent_call)
      returning (xmax = 0) as inserted
    `.execute(trx);
    return written;
  });
}

/** A page of customers in id order, filtered by region and tier. */
export async function listCustomers(
  ctx: Pick<DbContext, 'db'>,
  filters: CustomerFilters,
): Promise<Page<CustomerOutput>> {
  let query = ctx.db.selectFrom('customers').selectAll();
  if (filters.region) query = query.where('region', '=', filters.region);
  if (filters.tier) query = query.where('tier', '=', filters.tier);
  return keysetPage(
    query,
    { list: 'customers', idColumn: 'id', limit: filters.limit, cursor: filters.cursor },
    toCustomerOutput,
  );
}

/** The customer with this external ref, or undefined. */
export async function findCustomer(
  ctx: Pick<DbContext, 'db'>,
  externalRef: string,
): Promise<CustomerOutput | undefined> {
  const row = await ctx.db
    .selectFrom('customers')
    .selectAll()
    .where('external_ref', '=', externalRef)
    .executeTakeFirst();
  return row ? toCustomerOutput(row) : undefined;
}

export function toCustomerOutput(row: Customer): CustomerOutput {
  return {
    id: `cus_${row.id}`,
    externalRef: row.external_ref,
    name: row.name,
    phone: row.phone,
    email: row.email,
    locale: row.locale,
    timeZone: row.time_zone,
    region: row.region,
    tier: row.tier,
    consents: { sms: row.consent_sms, email: row.consent_email, call: row.consent_call },
    consentChangedAt: {
      sms: row.consent_sms_at.toISOString(),
      email: row.consent_email_at.toISOString(),
      call: row.consent_call_at.toISOString(),
    },
    consentSources: {
      sms: row.consent_sms_source,
      email: row.consent_email_source,
      call: row.consent_call_source,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    erasedAt: row.erased_at?.toISOString() ?? null,
  };
}
