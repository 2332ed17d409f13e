import type { CustomerInput } from '@aftercare/reference';
import { generateChineseName, generateEnglishName } from './names.js';
import { generatePhone } from './phones.js';
import { createRandom, createTablePicker, createWeightedPicker } from './random.js';
import { REGIONS } from './regions.js';

/** Share of customers who said yes to a channel, among those who gave us its address. */
export const CONSENT_RATES = { sms: 0.78, email: 0.85, call: 0.6 } as const;
export const VIP_SHARE = 0.08;

const pickRegion = createWeightedPicker(REGIONS, (region) => region.weight);
const pickDomain = createTablePicker([
  ['example.com', 6],
  ['example.org', 2],
  ['example.net', 2],
] as const);
// undefined: a legacy import with no recorded source, stored under the seed's default ('demo-seed').
const pickConsentSource = createTablePicker<string | undefined>([
  ['checkout-form', 45],
  ['app-signup', 28],
  ['store-visit', 10],
  ['care-call', 5],
  ['newsletter-signup', 4],
  [undefined, 8],
]);

export function customerRef(index: number): string {
  return `C${String(index + 1).padStart(6, '0')}`;
}

/**
 * `count` customers, the same ones for the same seed; a smaller count gives a prefix of a larger one.
 * @example generateCustomers({ seed: 42, count: 3 })[0].externalRef === 'C000001'
 */
export function generateCustomers(options: { seed: number; count: number }): CustomerInput[] {
  return [...streamCustomers(options)];
}

/**
 * The customers of `generateCustomers`, one at a time, so a seeder holds one batch at once.
 * @example for (const customer of streamCustomers({ seed: 42, count: 20_000 })) batch.push(customer);
 */
export function* streamCustomers(options: { seed: number; count: number }): Generator<CustomerInput> {
  const random = createRandom(options.seed, 'customers');
  for (let index = 0; index < options.count; index++) {
    const region = pickRegion(random);
    const chinese = random.chance(region.zhShare);
    const name = chinese ? generateChineseName(random) : generateEnglishName(random);
    // Mainland shoppers sign up with a phone number far more often than with an e-mail address.
    const withoutEmail = random.chance(region.country === 'CN' ? 0.12 : 0.04);
    const withoutPhone = !withoutEmail && random.chance(0.03);
    const phone = withoutPhone ? null : generatePhone(random, region.country, region.areaCodes);
    const email = withoutEmail ? null : `${name.emailLocal}.${index + 1}@${pickDomain(random)}`;
    const sms = random.chance(CONSENT_RATES.sms);
    const mail = random.chance(CONSENT_RATES.email);
    const call = random.chance(CONSENT_RATES.call);
    const consentSource = pickConsentSource(random);
    yield {
      externalRef: customerRef(index),
      name: name.display,
      phone,
      email,
      locale: chinese ? 'zh-CN' : 'en',
      timeZone: region.timeZone,
      region: region.name,
      tier: random.chance(VIP_SHARE) ? 'vip' : 'regular',
      // Consent to a channel we hold no address for means nothing; store it as no.
      consents: { sms: sms && phone !== null, email: mail && email !== null, call: call && phone !== null },
      ...(consentSource === undefined ? {} : { consentSource }),
    };
  }
}
