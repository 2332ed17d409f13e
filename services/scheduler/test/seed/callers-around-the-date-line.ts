import { upsertCustomers } from '@aftercare/reference';
import type { DbContext } from '@aftercare/runtime';

/**
 * Three regular customers far from Shanghai, for calling hours: Ana in New York, Teuila in Pago
 * Pago (UTC-11) and Tebano on Kiritimati (UTC+14): on either side of the date line, a day apart.
 */
export async function seedCallersAroundTheDateLine(ctx: DbContext): Promise<void> {
  const person = (externalRef: string, name: string, timeZone: string, region: string) => ({
    externalRef,
    name,
    phone: null,
    email: null,
    locale: 'en',
    timeZone,
    region,
    tier: 'regular' as const,
    consents: { sms: true, email: true, call: true },
  });
  await upsertCustomers(ctx, {
    actor: 'test:seed',
    records: [
      person('C-NYC', 'Ana Lopez', 'America/New_York', 'US-NY'),
      person('C-PPG', 'Teuila Faleolo', 'Pacific/Pago_Pago', 'AS'),
      person('C-KIR', 'Tebano Ioane', 'Pacific/Kiritimati', 'KI'),
    ],
  });
}
