import type { Random } from './random.js';

export type Country =
  | 'CN'
  | 'HK'
  | 'TW'
  | 'US'
  | 'CA'
  | 'GB'
  | 'DE'
  | 'FR'
  | 'JP'
  | 'SG'
  | 'AU'
  | 'IN'
  | 'BR';

// Mobile prefixes that libphonenumber-js/max (what the reference schema validates with) accepts for
// every subscriber number behind them, in the country itself (7509 is Jersey, 7524 the Isle of Man);
// the demo test checks every generated number against it.
const CN_MOBILE = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152'].concat(
  ['153', '155', '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189'],
);
const GB_MOBILE = ['740', '744', '747', '751', '753', '754', '756', '758', '773', '775', '777', '780', '786'];
const DE_MOBILE = ['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '179'];
const FR_MOBILE = ['60', '61', '62', '64', '65', '66', '67', '68', '73', '74', '75', '76', '77', '78', '79'];
const JP_MOBILE = ['701', '702', '705', '708', '801', '803', '806', '809', '901', '902', '904', '906', '908'];
const SG_MOBILE = ['81', '82', '83', '84', '85', '86', '87', '88', '89', '90', '91', '92', '93', '94', '96'];
const AU_MOBILE = ['400', '401', '402', '403', '404', '407', '408', '409', '410', '411', '412', '413', '414'];
const HK_MOBILE = ['61', '63', '64', '65', '69', '94', '96', '97'];
const IN_MOBILE = ['70', '73', '77', '80', '81', '88', '90', '91', '93', '96', '98', '99'];

/** North American numbers: a real area code, then an exchange that never starts with 0 or 1. */
function northAmerican(random: Random, areaCodes: readonly string[]): string {
  return `+1${random.pick(areaCodes)}${random.int(2, 9)}${random.digits(6)}`;
}

/** A mobile number in E.164 for the country, and for the US/Canada an area code of the region. */
export function generatePhone(random: Random, country: Country, areaCodes: readonly string[] = []): string {
  switch (country) {
    case 'CN':
      return `+86${random.pick(CN_MOBILE)}${random.digits(8)}`;
    case 'HK':
      return `+852${random.pick(HK_MOBILE)}${random.digits(6)}`;
    case 'TW':
      return `+8869${random.digits(8)}`;
    case 'US':
    case 'CA':
      return northAmerican(random, areaCodes);
    case 'GB':
      return `+44${random.pick(GB_MOBILE)}${random.digits(7)}`;
    case 'DE':
      return `+49${random.pick(DE_MOBILE)}${random.digits(8)}`;
    case 'FR':
      return `+33${random.pick(FR_MOBILE)}${random.digits(7)}`;
    case 'JP':
      return `+81${random.pick(JP_MOBILE)}${random.digits(7)}`;
    case 'SG':
      return `+65${random.pick(SG_MOBILE)}${random.digits(6)}`;
    case 'AU':
      return `+61${random.pick(AU_MOBILE)}${random.digits(6)}`;
    case 'IN':
      return `+91${random.pick(IN_MOBILE)}${random.digits(8)}`;
    case 'BR':
      return `+55${random.pick(['11', '12', '13', '19'])}9${random.digits(8)}`;
  }
}
