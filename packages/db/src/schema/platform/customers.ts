import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type CustomerTier = 'regular' | 'vip';

export interface CustomersTable {
  id: Generated<number>;
  external_ref: string;
  name: string;
  /** E.164, e.g. +8613812345678 */
  phone: string | null;
  email: string | null;
  locale: string;
  /** IANA zone, e.g. Asia/Shanghai: quiet hours are computed in it. */
  time_zone: string;
  region: string;
  tier: CustomerTier;
  consent_sms: boolean;
  consent_email: boolean;
  consent_call: boolean;
  /** When each channel's consent last changed (or was first recorded). */
  consent_sms_at: Date;
  consent_email_at: Date;
  consent_call_at: Date;
  /** How each channel's current consent was given: "checkout-form", "care-call", "import", ... */
  consent_sms_source: string;
  consent_email_source: string;
  consent_call_source: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** When the customer's personal data was erased on request; null while it is held. */
  erased_at: Date | null;
}

export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
